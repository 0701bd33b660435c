import { Button, Group, Select, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgUnits, usePrograms } from '../api/hooks';
import { DateField } from './DateField';
import { useFormat } from '../lib/format';
import { useSearchParams } from '../lib/router';
import { FILTER_KEYS, type FilterKey } from '../lib/status';
import { fold } from '../lib/text';

export const TAGS = [
  'digital',
  'green',
  'data',
  'governance',
  'infrastructure',
  'security',
  'services',
  'innovation',
  'economy',
  'industry',
  'skills',
  'backlog',
] as const;

/** Diacritic- and case-insensitive option search (Vietnamese, pinyin-free Chinese, Arabic). */
export const foldedFilter: OptionsFilter = ({ options, search }) => {
  const q = fold(search);
  if (!q) return options;
  return (options as ComboboxItem[]).filter((o) => fold(o.label).includes(q) || fold(o.value).includes(q));
};

export function useUnitOptions(kinds?: string[], enabled = true) {
  const units = useOrgUnits(enabled);
  const f = useFormat();
  return useMemo(
    () =>
      (units.data ?? [])
        .filter((u) => !kinds || kinds.includes(u.kind))
        .map((u) => ({ value: u.code, label: `${f.text(u.name)} · ${u.code}` }))
        .sort((a, b) => a.label.localeCompare(b.label, f.locale)),
    [units.data, f, kinds],
  );
}

const UNIT_KINDS = ['committee', 'ministry', 'agency', 'province', 'district', 'enterprise'];
const LEAD_KINDS = ['committee', 'ministry', 'agency', 'province', 'enterprise'];

/** The supervision filter (programme, org subtree, tag, lead agency, due range), kept in the URL. */
export function FilterBar({
  show = FILTER_KEYS,
  requireProgramme = false,
}: {
  show?: readonly FilterKey[];
  requireProgramme?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const programmes = usePrograms();
  // The unit list is loaded when a unit filter is set or a unit field is first used,
  // so the overview's first paint does not wait for it.
  const [wantUnits, setWantUnits] = useState(false);
  const needUnits = wantUnits || !!params.get('unit') || !!params.get('lead');
  const unitOptions = useUnitOptions(UNIT_KINDS, needUnits);
  const leadOptions = useUnitOptions(LEAD_KINDS, needUnits);
  const loadUnits = () => setWantUnits(true);
  const set = (k: FilterKey, v: string | null) => setParams({ [k]: v, offset: null });
  // The assigned-unit and lead-agency pickers: the same searchable list, loaded on first use.
  const unitSelect = (key: 'unit' | 'lead', label: string, placeholder: string, data: ComboboxItem[]) => (
    <Select
      label={label}
      placeholder={placeholder}
      data={data}
      value={params.get(key)}
      onChange={(v) => set(key, v)}
      onFocus={loadUnits}
      onMouseEnter={loadUnits}
      clearable
      searchable
      filter={foldedFilter}
      w={200}
      size="xs"
      limit={200}
      comboboxProps={{ width: 360, position: 'bottom-start' }}
    />
  );
  const any = FILTER_KEYS.some((k) => show.includes(k) && params.get(k) && !(requireProgramme && k === 'programme'));
  // A range whose end comes before its start is said so at once (the server refuses it too), never shown as zeros.
  const reversed = !!params.get('dueFrom') && !!params.get('dueTo') && params.get('dueFrom')! > params.get('dueTo')!;
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" role="search" aria-label={t('filters.label')}>
      {show.includes('programme') && (
        <Select
          label={t('filters.programme')}
          placeholder={t('filters.allProgrammes')}
          data={(programmes.data ?? []).map((p) => ({ value: p.code, label: f.text(p.name) }))}
          value={params.get('programme')}
          onChange={(v) => set('programme', v)}
          clearable={!requireProgramme}
          allowDeselect={!requireProgramme}
          searchable
          filter={foldedFilter}
          w={260}
          size="xs"
          comboboxProps={{ width: 420, position: 'bottom-start' }}
        />
      )}
      {show.includes('unit') && unitSelect('unit', t('filters.unit'), t('filters.allUnits'), unitOptions)}
      {show.includes('lead') && unitSelect('lead', t('filters.lead'), t('filters.allLeads'), leadOptions)}
      {show.includes('tag') && (
        <Select
          label={t('filters.tag')}
          placeholder={t('filters.allTags')}
          data={TAGS.map((tag) => ({ value: tag, label: t(`tags.${tag}`, { defaultValue: tag }) }))}
          value={params.get('tag')}
          onChange={(v) => set('tag', v)}
          clearable
          w={130}
          size="xs"
        />
      )}
      {show.includes('dueFrom') && (
        <DateField
          label={t('filters.dueFrom')}
          value={params.get('dueFrom')}
          onChange={(iso) => set('dueFrom', iso || null)}
          w={132}
          size="xs"
        />
      )}
      {show.includes('dueTo') && (
        <DateField
          label={t('filters.dueTo')}
          value={params.get('dueTo')}
          onChange={(iso) => set('dueTo', iso || null)}
          error={reversed ? t('problems.rangeReversed') : undefined}
          w={132}
          size="xs"
        />
      )}
      {any && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() =>
            setParams(
              Object.fromEntries(show.filter((k) => !(requireProgramme && k === 'programme')).map((k) => [k, null])),
            )
          }
        >
          {t('filters.clear')}
        </Button>
      )}
    </Group>
  );
}
