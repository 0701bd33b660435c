import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageHeader({ title, subtitle, right }: { title: ReactNode; subtitle?: ReactNode; right?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="wrap" gap="sm">
      <Stack gap={2}>
        <Title order={1} size="h3" fw={650} c="#1c3d6e">
          {title}
        </Title>
        {subtitle && (
          <Text size="sm" c="dimmed">
            {subtitle}
          </Text>
        )}
      </Stack>
      {right}
    </Group>
  );
}

export function Section({
  title,
  right,
  children,
  id,
}: {
  title: ReactNode;
  right?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section
      aria-labelledby={id}
      style={{ background: 'white', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, padding: 16 }}
    >
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Title order={2} size="h5" fw={650} id={id}>
          {title}
        </Title>
        {right}
      </Group>
      {children}
    </section>
  );
}
