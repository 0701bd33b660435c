import { Table, Text, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSectionTitleId } from './PageHeader';

/**
 * A section's table of figures: the message when there is nothing to show, else a striped
 * table labelled by the enclosing section's title, scrolling sideways inside itself on a phone.
 */
export function SectionTable({
  testId,
  minWidth,
  empty,
  head,
  children,
  ...table
}: {
  testId: string;
  minWidth: number;
  /** Shown instead of the table when given. */
  empty?: string | false | null | undefined;
  head: ReactNode;
  children: ReactNode;
} & Omit<TableProps, 'children'>) {
  const labelledBy = useSectionTitleId();
  if (empty)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped fz="sm" aria-labelledby={labelledBy} data-testid={testId} {...table}>
        <Table.Thead>
          <Table.Tr>{head}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
