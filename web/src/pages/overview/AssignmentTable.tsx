/**
 * The overview's lists of assignments (overdue, backlog, heading for late) as one table: the
 * task (a link, with the backlog mark), its unit and lead agency, the due date, the list's
 * own columns, and the progress.
 */
import { Anchor, Group, Table } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';
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

/** A column of one list, between the due date and the progress. */
export interface ListColumn<T> {
  key: string;
  head: string;
  cell: (item: T) => ReactNode;
  style?: CSSProperties;
  className?: string;
}

const END: CSSProperties = { textAlign: 'end' };
const NOWRAP: CSSProperties = { whiteSpace: 'nowrap' };

export function AssignmentTable<T extends ListedAssignment>({
  labelledBy,
  testId,
  empty,
  items,
  columns,
  titleWidth,
}: {
  labelledBy: string;
  testId: string;
  /** Shown instead of the table when there is no item. */
  empty: string;
  items: T[];
  columns: Array<ListColumn<T>>;
  /** The task column's widest, px: narrower when the list has more columns. */
  titleWidth: number;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <SectionTable
      labelledBy={labelledBy}
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
          {columns.map((c) => (
            <Table.Th key={c.key} style={c.style?.textAlign === 'end' ? END : undefined}>
              {c.head}
            </Table.Th>
          ))}
          <Table.Th style={END}>{t('columns.progress')}</Table.Th>
        </>
      }
    >
      {items.map((item) => (
        <Table.Tr key={item.assignment}>
          <Table.Td maw={titleWidth}>
            <Group gap={6} wrap="nowrap">
              <Anchor component={Link} to={`/assignments/${item.assignment}`} size="sm" lineClamp={2}>
                {f.text(item.title)}
              </Anchor>
              {item.backlog && <BacklogBadge size="xs" />}
            </Group>
          </Table.Td>
          <Table.Td>{f.text(item.unitName)}</Table.Td>
          <Table.Td>{item.leadName ? f.text(item.leadName) : '—'}</Table.Td>
          <Table.Td className="num" style={NOWRAP}>
            {f.date(item.due)}
          </Table.Td>
          {columns.map((c) => (
            <Table.Td key={c.key} className={c.className} style={c.style}>
              {c.cell(item)}
            </Table.Td>
          ))}
          <Table.Td className="num" style={END}>
            {f.wholePercent(item.percent)}
          </Table.Td>
        </Table.Tr>
      ))}
    </SectionTable>
  );
}
