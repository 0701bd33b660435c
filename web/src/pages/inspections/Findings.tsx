/**
 * An inspection's findings by inspected unit: each with its kind, what it is about, the flag a
 * discrepancy puts on a report or value, and that flag's resolution.
 */
import { Anchor, Badge, Box, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding, InspectionDetail } from '../../api/inspections';
import { Section } from '../../components/PageHeader';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';
import { useInspectionPost, WriteError } from './shared';

export function Findings({ inspection: i }: { inspection: InspectionDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Section id="findings" title={t('inspections.findings', { n: f.number(i.findings.length) })}>
      {i.findings.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('inspections.noFindings')}
        </Text>
      ) : (
        <Stack gap="sm" data-testid="findings">
          {i.units
            .filter((u) => i.findings.some((x) => x.unit === u.unit))
            .map((u) => (
              <Box key={u.unit} data-unit={u.unit}>
                <Text fw={600} size="sm" mb={4}>
                  <bdi>{f.text(u.name)}</bdi>
                </Text>
                <Stack gap={6}>
                  {i.findings
                    .filter((x) => x.unit === u.unit)
                    .map((x) => (
                      <FindingRow key={x.id} finding={x} inspection={i} />
                    ))}
                </Stack>
              </Box>
            ))}
        </Stack>
      )}
    </Section>
  );
}

const KIND_COLOR: Record<Finding['kind'], string> = {
  confirmed: 'green',
  discrepancy: 'red',
  risk: 'orange',
  good_practice: 'teal',
};

function FindingRow({ finding: x, inspection: i }: { finding: Finding; inspection: InspectionDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [note, setNote] = useState('');
  const resolve = useInspectionPost(i.code, `findings/${x.id}/flag`, () => ({ flagged: false, note }));
  const openFlag = x.flagged && !x.resolved;
  return (
    <Box p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }} data-finding={x.id}>
      <Group gap={6} mb={2}>
        <Badge color={KIND_COLOR[x.kind]} variant="light" size="sm" style={{ textTransform: 'none' }}>
          {t(`inspections.kind.${x.kind}`)}
        </Badge>
        {openFlag && (
          <Badge color="red" variant="filled" size="sm" style={{ textTransform: 'none' }} data-testid="finding-flag">
            {t('inspections.flagged')}
          </Badge>
        )}
        {x.resolved && (
          <Badge color="gray" variant="light" size="sm" style={{ textTransform: 'none' }}>
            {t('inspections.resolved')}
          </Badge>
        )}
        {x.task && (
          <Text size="xs" c="dimmed">
            {x.assignment ? (
              <Anchor component={Link} to={`/assignments/${x.assignment}`} size="xs">
                {x.task}
                {x.reportPeriod ? ` · ${x.reportPeriod}` : ''}
              </Anchor>
            ) : (
              x.task
            )}
          </Text>
        )}
        {x.value && (
          <Text size="xs" c="dimmed">
            {x.value.indicator} · {x.value.unit} · {x.value.period}
          </Text>
        )}
      </Group>
      <Text size="sm">{x.narrative}</Text>
      {x.evidence.map((e) => (
        <Anchor key={e.url} href={e.url} size="xs" target="_blank" rel="noreferrer" me="sm">
          {e.title ?? e.url}
        </Anchor>
      ))}
      {x.resolved && (
        <Text size="xs" c="dimmed">
          {t('inspections.resolvedBy', { who: x.resolved.by, date: f.date(x.resolved.at) })}: {x.resolved.note}
        </Text>
      )}
      {openFlag && i.can.manage && (
        <Group gap="xs" mt={4}>
          <TextInput
            size="xs"
            placeholder={t('inspections.resolutionNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            aria-label={t('inspections.resolutionNote')}
          />
          <Button size="xs" variant="light" disabled={!note.trim()} onClick={() => resolve.mutate()}>
            {t('inspections.resolve')}
          </Button>
          <WriteError error={resolve.error} />
        </Group>
      )}
    </Box>
  );
}
