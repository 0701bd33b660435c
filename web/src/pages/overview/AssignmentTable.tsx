/**
 * The overview's lists of assignments (overdue, backlog, heading for late) as one table: the
 * task (a link, with the backlog mark), its unit and lead agency, the due date, the list's
 * own columns, and the progress.
 */
import { Anchor, Group, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../api/types';
import { SectionTable } from '../../components/SectionTable';
import { BacklogBadge } from '../../components/StatusBadge';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';

export interface ListedAssignment {
  assignment: number;
  title: LocalizedText;
  unitName: LocalizedText;
  leadName: LocalizedText | null;
  due: string;
  percent: number;
  backlog?: boolean;
}

const END = { textAlign: 'end' } as const;

export function AssignmentTable<T extends ListedAssignment>({
  testId,
  empty,
  items,
  head,
  cells,
}: {
  testId: string;
  /** Shown instead of the table when there is no item. */
  empty: string;
  items: T[];
  /** The list's own columns, between the due date and the progress: their headers and an item's cells. */
  head: ReactNode;
  cells: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <SectionTable
      testId={testId}
      minWidth={720}
      highlightOnHover
      verticalSpacing={6}
      empty={items.length === 0 && empty}
      head={
        <>
          <Table.Th>{t('columns.task')}</Table.Th>
          <Table.Th>{t('columns.unit')}</Table.Th>
          <Table.Th>{t('columns.lead')}</Table.Th>
          <Table.Th>{t('columns.due')}</Table.Th>
          {head}
          <Table.Th style={END}>{t('columns.progress')}</Table.Th>
        </>
      }
    >
      {items.map((item) => (
        <Table.Tr key={item.assignment}>
          <Table.Td maw={400}>
            <Group gap={6} wrap="nowrap">
              <Anchor component={Link} to={`/assignments/${item.assignment}`} size="sm" lineClamp={2} dir="auto">
                {f.text(item.title)}
              </Anchor>
              {item.backlog && <BacklogBadge size="xs" />}
            </Group>
          </Table.Td>
          <Table.Td>
            <bdi>{f.text(item.unitName)}</bdi>
          </Table.Td>
          <Table.Td>{item.leadName ? <bdi>{f.text(item.leadName)}</bdi> : '—'}</Table.Td>
          <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
            <bdi>{f.date(item.due)}</bdi>
          </Table.Td>
          {cells(item)}
          <Table.Td className="num" style={END}>
            {f.wholePercent(item.percent)}
          </Table.Td>
        </Table.Tr>
      ))}
    </SectionTable>
  );
}
