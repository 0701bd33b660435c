import { Group, Pagination } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from '../lib/router';

/** Pages of a long list, kept in the URL's `offset`; nothing shows while everything fits on one page. */
export function ListPagination({ total, pageSize, offset }: { total: number; pageSize: number; offset: number }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  if (total <= pageSize) return null;
  return (
    <Group justify="center" p="sm">
      <Pagination
        size="sm"
        total={Math.ceil(total / pageSize)}
        value={Math.floor(offset / pageSize) + 1}
        onChange={(p) => setParams({ offset: p > 1 ? String((p - 1) * pageSize) : null }, false)}
        getControlProps={(control) => ({ 'aria-label': t(`list.page.${control}`) })}
        getItemProps={(page) => ({ 'aria-label': t('list.page.n', { n: page }) })}
      />
    </Group>
  );
}
