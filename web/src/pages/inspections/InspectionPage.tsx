/**
 * One inspection (issue 19): its plan and status, the findings by inspected unit (with
 * the flag each discrepancy puts on a report or value, and its resolution), the
 * recommendations with the timeliness of the assignment each became, and the forms of
 * the cycle — start, record a finding, issue a recommendation, conclude.
 */
import { Alert, Anchor, Box, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInspection, type InspectionDetail } from '../../api/inspections';
import { PageHeader, Section } from '../../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { FindingForm } from './FindingForm';
import { Findings } from './Findings';
import { RecommendationForm, Recommendations } from './Recommendations';
import { InspectionStatusBadge, typed, useInspectionPost, WriteError } from './shared';

export default function InspectionPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useInspection(code);
  if (q.isError) return <ErrorBlock error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <LoadingBlock rows={10} />;
  const i = q.data;
  return (
    <Box>
      <PageHeader
        title={<span data-testid="inspection-title">{f.text(i.title)}</span>}
        subtitle={
          <>
            <bdi>{i.code}</bdi> · <bdi>{f.text(i.issuerName)}</bdi> · <bdi>{i.programme}</bdi> ·{' '}
            <bdi>{f.date(i.start)}</bdi> – <bdi>{f.date(i.end)}</bdi>
          </>
        }
        right={
          <Group gap="xs">
            <InspectionStatusBadge status={i.status} />
            {i.can.manage && i.status === 'planned' && <Move code={code} action="start" />}
          </Group>
        }
      />
      <Stack gap="md">
        <Section id="inspected-units" title={t('inspections.units')}>
          <Group gap="md">
            {i.units.map((u) => (
              <Text key={u.unit} size="sm">
                <b>
                  <bdi>{f.text(u.name)}</bdi>
                </b>{' '}
                (<bdi>{u.unit}</bdi>)
                {u.visit ? (
                  <>
                    {' '}
                    · <bdi>{f.date(u.visit)}</bdi>
                  </>
                ) : (
                  ''
                )}
              </Text>
            ))}
          </Group>
          {i.team.length > 0 && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('inspections.team')}: {i.team.map((m) => m.name).join(', ')}
            </Text>
          )}
        </Section>
        <Findings inspection={i} />
        {i.can.record && i.status === 'in_progress' && <FindingForm inspection={i} />}
        <Recommendations inspection={i} />
        {i.can.manage && i.status !== 'planned' && <RecommendationForm inspection={i} />}
        <Conclusion inspection={i} />
      </Stack>
    </Box>
  );
}

function Move({ code, action }: { code: string; action: 'start' }) {
  const { t } = useTranslation();
  const m = useInspectionPost(code, action);
  return (
    <>
      <Button size="xs" onClick={() => m.mutate()} loading={m.isPending} data-testid={`inspection-${action}`}>
        {t(`inspections.${action}`)}
      </Button>
      <WriteError error={m.error} />
    </>
  );
}

function Conclusion({ inspection: i }: { inspection: InspectionDetail }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [text, setText] = useState('');
  const m = useInspectionPost(i.code, 'conclude', () => ({ text: typed(i18n.resolvedLanguage, text.trim()) }));
  if (i.status === 'concluded')
    return (
      <Section id="conclusion" title={t('inspections.conclusion')}>
        <Alert color="green" variant="light" title={f.date(i.concludedOn)} data-testid="conclusion">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <span dir="auto">{f.text(i.conclusion)}</span>
          </Text>
          {i.conclusionLinks.map((l) => (
            <Anchor key={l.url} href={l.url} size="xs" target="_blank" rel="noreferrer" me="sm">
              {l.title ?? l.url}
            </Anchor>
          ))}
        </Alert>
      </Section>
    );
  if (!(i.can.manage && i.status === 'in_progress')) return null;
  return (
    <Section id="conclusion" title={t('inspections.conclude')}>
      <Textarea
        label={t('inspections.conclusion')}
        autosize
        minRows={3}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <Group mt="sm">
        <Button
          disabled={!text.trim()}
          onClick={() => m.mutate()}
          loading={m.isPending}
          data-testid="inspection-conclude"
        >
          {t('inspections.conclude')}
        </Button>
        <WriteError error={m.error} />
      </Group>
    </Section>
  );
}
