import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { OrgUnit } from '../api/types';
import { useFormat } from '../lib/format';

/** An org unit, searched on the server (`/api/org-units?q=`) as the user types. */
export function OrgUnitPicker({
  label,
  value,
  onChange,
  error,
  w,
  under,
  testId,
}: {
  label: string;
  value: string;
  onChange: (code: string | null) => void;
  error?: string | undefined;
  w?: number;
  /** Only this unit and the units under it are offered. */
  under?: string | undefined;
  testId?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [known, setKnown] = useState<Record<string, string>>({});
  useEffect(() => {
    const id = setTimeout(() => setDebounced(search.trim()), 200);
    return () => clearTimeout(id);
  }, [search]);
  const labelOf = (u: OrgUnit) => `${f.text(u.name) || u.code} (${u.code})`;
  const isCurrentLabel = value !== '' && known[value] === search;
  const query = useQuery({
    queryKey: ['org-unit-search', debounced, under ?? null],
    enabled: debounced.length > 0 && !isCurrentLabel,
    queryFn: ({ signal }) =>
      api<{ items: OrgUnit[] }>('/org-units', { query: { q: debounced, limit: 20, under }, signal }).then(
        (r) => r.items,
      ),
    staleTime: 60_000,
  });
  // the current value's name, once
  const current = useQuery({
    queryKey: ['org-unit', value],
    enabled: value !== '' && !known[value],
    queryFn: ({ signal }) => api<OrgUnit>(`/org-units/${encodeURIComponent(value)}`, { signal }),
    retry: false,
    staleTime: 300_000,
  });
  useEffect(() => {
    const add: Record<string, string> = {};
    for (const u of query.data ?? []) add[u.code] = labelOf(u);
    if (current.data) add[current.data.code] = labelOf(current.data);
    // The labels of every unit seen so far outlive the search that found them; a language change relabels them.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (Object.keys(add).length) setKnown((k) => ({ ...k, ...add }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query.data, current.data, f.lang]);
  const options = useMemo(() => {
    const list = (query.data ?? []).map((u) => ({ value: u.code, label: known[u.code] ?? labelOf(u) }));
    if (value && !list.some((o) => o.value === value)) list.unshift({ value, label: known[value] ?? value });
    return list;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query.data, known, value]);
  return (
    <Select
      label={label}
      value={value || null}
      onChange={(v) => onChange(v)}
      data={options}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      clearable
      nothingFoundMessage={
        debounced ? (query.isFetching ? t('common.loading') : t('drafts.noUnits')) : t('drafts.typeToSearch')
      }
      placeholder={t('drafts.searchUnits')}
      error={error}
      w={w}
      style={w ? undefined : { flex: 1, minWidth: 200 }}
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}
