import { Anchor, Table, Text } from '@mantine/core';

/** A progress report's narrative (three lines at most) and its evidence links, as one table cell. */
export function ReportNarrativeCell({
  narrative,
  evidence,
  minWidth,
}: {
  narrative: string;
  evidence: ReadonlyArray<{ url: string; title?: string | undefined }>;
  minWidth: number;
}) {
  return (
    <Table.Td style={{ minWidth, maxWidth: 320 }}>
      <Text size="sm" lineClamp={3} dir="auto">
        {narrative || '—'}
      </Text>
      {evidence.map((e) => (
        <Anchor key={e.url} href={e.url} target="_blank" rel="noopener noreferrer" size="xs" display="block">
          {e.title || e.url}
        </Anchor>
      ))}
    </Table.Td>
  );
}
