/**
 * The meeting report one click away (issue 16): programme, org subtree, period, language and
 * format picked in a dialog; the file comes from GET /api/meeting-report (the same figures as
 * the overview, in the signed-in user's scope).
 */
import { Button, Modal, NativeSelect, SegmentedControl, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withQuery } from '../api/client';
import { usePrograms } from '../api/hooks';
import { formatPeriod, periodOf } from '../../../src/domain/period-code';
import { LANGUAGE_NAMES } from '../i18n';
import { useFormat } from '../lib/format';
import { LANGUAGES, type Language } from '../lib/text';
import { OrgUnitPicker } from './OrgUnitPicker';
import { PeriodSelect } from './PeriodSelect';

const FORMATS = ['pdf', 'docx', 'xlsx', 'html'] as const;
type Format = (typeof FORMATS)[number];

export function MeetingReportButton({
  programme,
  unit,
}: {
  programme?: string | undefined;
  unit?: string | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="filled" color="#1c3d6e" size="sm" onClick={open} data-testid="meeting-report-open">
        {t('meetingReport.open')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('meetingReport.title')} centered size="lg">
        {opened && <MeetingReportForm programme={programme} unit={unit} lang={f.lang} />}
      </Modal>
    </>
  );
}

function MeetingReportForm(props: { programme?: string | undefined; unit?: string | undefined; lang: Language }) {
  const { t } = useTranslation();
  const f = useFormat();
  const programmes = usePrograms();
  const [programme, setProgramme] = useState(props.programme ?? '');
  const [unit, setUnit] = useState(props.unit ?? '');
  const [period, setPeriod] = useState(() => formatPeriod(periodOf(new Date().toISOString().slice(0, 10), 'quarter')));
  const [lang, setLang] = useState<Language>(props.lang);
  const [format, setFormat] = useState<Format>('pdf');
  const chosen = programme || (programmes.data?.length === 1 ? programmes.data[0]!.code : '');
  const url = withQuery('/api/meeting-report', { programme: chosen, unit: unit || undefined, period, lang, format });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('meetingReport.intro')}
      </Text>
      <NativeSelect
        label={t('meetingReport.programme')}
        value={chosen}
        onChange={(e) => setProgramme(e.currentTarget.value)}
        data={[
          { value: '', label: t('meetingReport.choose') },
          ...(programmes.data ?? []).map((p) => ({ value: p.code, label: f.text(p.name) })),
        ]}
        data-testid="meeting-report-programme"
      />
      <OrgUnitPicker label={t('meetingReport.unit')} value={unit} onChange={(code) => setUnit(code ?? '')} />
      <PeriodSelect
        label={t('meetingReport.period')}
        value={period}
        onChange={setPeriod}
        testId="meeting-report-period"
      />
      <NativeSelect
        label={t('meetingReport.language')}
        value={lang}
        onChange={(e) => setLang(e.currentTarget.value as Language)}
        data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
        data-testid="meeting-report-language"
      />
      <Stack gap={4}>
        <Text size="sm" fw={500} id="meeting-report-format">
          {t('meetingReport.format')}
        </Text>
        <SegmentedControl
          aria-labelledby="meeting-report-format"
          value={format}
          onChange={(v) => setFormat(v)}
          data={FORMATS.map((x) => ({ value: x, label: x === 'html' ? t('meetingReport.preview') : x.toUpperCase() }))}
          data-testid="meeting-report-format"
        />
      </Stack>
      <Button
        component="a"
        href={url}
        {...(format === 'html' ? { target: '_blank', rel: 'noopener' } : { download: true })}
        disabled={!chosen}
        data-testid="meeting-report-download"
      >
        {format === 'html' ? t('meetingReport.openPreview') : t('meetingReport.download')}
      </Button>
    </Stack>
  );
}
