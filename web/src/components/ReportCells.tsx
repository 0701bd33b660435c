/** The cells a report shows in every table of reports (history, review queue): when and by whom, period, percent. */
import { Table, Text } from '@mantine/core';
import { useFormat } from '../lib/format';

export function ReportedAtCell({ r }: { r: { reportedAt: string; reporter: string } }) {
  const f = useFormat();
  return (
    <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
      <bdi>{f.dateTime(r.reportedAt)}</bdi>
      <Text size="xs" c="dimmed">
        <bdi>{r.reporter}</bdi>
      </Text>
    </Table.Td>
  );
}

export function PeriodPercentCells({ r }: { r: { period: string; percent: number } }) {
  const f = useFormat();
  return (
    <>
      <Table.Td className="num">
        <bdi>{f.period(r.period)}</bdi>
      </Table.Td>
      <Table.Td className="num" style={{ textAlign: 'end' }}>
        {f.wholePercent(r.percent)}
      </Table.Td>
    </>
  );
}
