import { Text } from '@mantine/core';

/** The signed-in user's name as the header shows it (in the user menu, and while its code loads). */
export function UserName({ name }: { name: string }) {
  return (
    <Text span size="sm" truncate="end" dir="auto">
      {name}
    </Text>
  );
}
