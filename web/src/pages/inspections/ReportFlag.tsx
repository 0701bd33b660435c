/** The flag an unresolved inspection discrepancy puts on a report, shown beside the report (issue 19). */
import { Anchor, Badge, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReportFlags } from '../../api/inspections';
import { Link } from '../../lib/router';

export function ReportFlag({ assignment, report }: { assignment: number; report: number }) {
  const { t } = useTranslation();
  const flags = useReportFlags(assignment).data?.filter((x) => x.report === report) ?? [];
  if (flags.length === 0) return null;
  return (
    <>
      {flags.map((x) => (
        <Tooltip key={x.finding} label={x.narrative} multiline w={280}>
          <Badge
            color="red"
            variant="filled"
            size="xs"
            mt={4}
            style={{ textTransform: 'none' }}
            data-testid="report-flag"
          >
            {t('inspections.reportFlag')}
          </Badge>
        </Tooltip>
      ))}
      {flags.map((x) => (
        <Text key={`n${x.finding}`} size="xs" c="red.8">
          <Anchor component={Link} to={`/inspections/${encodeURIComponent(x.inspection)}`} size="xs" c="red.8">
            {x.inspection}
          </Anchor>
          : {x.narrative}
        </Text>
      ))}
    </>
  );
}
