import { Group, NativeSelect, Pagination } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format';
import { useSearchParams } from '../lib/router';
import { PageHeader } from './PageHeader';
import { InlineLoader } from './QueryState';

export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** The page of a long list from the URL: `offset`, and `size` when the user chose one of PAGE_SIZES. */
export function usePaging(defaultSize: number): { offset: number; limit: number } {
  const [params] = useSearchParams();
  const size = Number(params.get('size'));
  return {
    offset: Number(params.get('offset') ?? 0) || 0,
    limit: (PAGE_SIZES as readonly number[]).includes(size) ? size : defaultSize,
  };
}

/** A list page's title with its count ("{{n}} …" from `countKey`) and a spinner while it refreshes. */
export function ListHeader({
  title,
  countKey,
  query,
  right,
}: {
  title: string;
  countKey: string;
  query: { data?: { total: number } | undefined; isFetching: boolean };
  right?: ReactNode;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const total = query.data?.total ?? 0;
  return (
    <PageHeader
      title={title}
      subtitle={query.data ? t(countKey, { count: total, n: f.number(total) }) : ' '}
      right={query.isFetching && query.data ? <InlineLoader /> : right}
    />
  );
}

/** Pages of a long list, kept in the URL's `offset`, and the choice of how many rows a page shows. */
export function ListPagination({ total, pageSize, offset }: { total: number; pageSize: number; offset: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [, setParams] = useSearchParams();
  if (total <= PAGE_SIZES[0]) return null;
  return (
    <Group justify="center" p="sm" gap="md">
      {total > pageSize && (
        <Pagination
          size="sm"
          total={Math.ceil(total / pageSize)}
          value={Math.floor(offset / pageSize) + 1}
          onChange={(p) => setParams({ offset: p > 1 ? String((p - 1) * pageSize) : null }, false)}
          getControlProps={(control) => ({ 'aria-label': t(`list.page.${control}`) })}
          getItemProps={(page) => ({ 'aria-label': t('list.page.n', { n: page }) })}
        />
      )}
      <NativeSelect
        size="xs"
        aria-label={t('list.pageSize')}
        value={String(pageSize)}
        onChange={(e) => setParams({ size: e.currentTarget.value, offset: null }, false)}
        data={PAGE_SIZES.map((n) => ({ value: String(n), label: t('list.perPage', { n: f.number(n) }) }))}
        data-testid="page-size"
      />
    </Group>
  );
}
