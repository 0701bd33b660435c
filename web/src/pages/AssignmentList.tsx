import {
  Anchor,
  Badge,
  Box,
  Checkbox,
  Chip,
  CloseButton,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useAssignmentList } from '../api/hooks';
import type { ListItem, Timeliness } from '../api/types';
import { FilterBar } from '../components/FilterBar';
import { ListHeader, ListPagination, usePaging } from '../components/ListPagination';
import { ReturnedCard } from '../components/ReturnedCard';
import { ErrorBlock, LoadingBlock } from '../components/QueryState';
import { BacklogBadge, StatusBadge } from '../components/StatusBadge';
import { useFormat } from '../lib/format';
import { Link, useSearchParams } from '../lib/router';
import { filtersFrom, STATE_ORDER, TIMELINESS_COLOR } from '../lib/status';

export default function AssignmentList() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const node = params.get('node') ?? undefined;
  const states = (params.get('timeliness') ?? '').split(',').filter(Boolean) as Timeliness[];
  const backlogOnly = params.get('backlogOnly') === 'true';
  const sort = params.get('sort') ?? 'due';
  const { offset, limit } = usePaging(50);
  const list = useAssignmentList({
    ...filters,
    node: filters.programme ? node : undefined,
    timeliness: states.join(','),
    backlogOnly: backlogOnly || undefined,
    sort,
    limit,
    offset,
  });
  const total = list.data?.total ?? 0;
  // Below 600 px a card per assignment: due date, days late and state stay in view, nothing scrolls sideways.
  const phone = useMediaQuery('(max-width: 600px)');

  return (
    <Box>
      <ListHeader title={t('list.title')} countKey="list.count" query={list} />
      <ReturnedCard />
      <Paper withBorder p="sm" mb="md" radius="md">
        <Stack gap="sm">
          <FilterBar />
          <Group gap="md" wrap="wrap" align="center">
            <Chip.Group
              multiple
              value={states}
              onChange={(v) => setParams({ timeliness: v.join(',') || null, offset: null })}
            >
              <Group gap={6} role="group" aria-label={t('list.states')}>
                {STATE_ORDER.map((s) => (
                  <Chip key={s} value={s} size="xs" color={TIMELINESS_COLOR[s]} variant="light">
                    {t(`timeliness.${s}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            <Checkbox
              size="xs"
              label={t('list.backlogOnly')}
              checked={backlogOnly}
              onChange={(e) => setParams({ backlogOnly: e.currentTarget.checked ? 'true' : null, offset: null })}
            />
            <Select
              size="xs"
              label={t('list.sort')}
              w={170}
              value={sort}
              allowDeselect={false}
              onChange={(v) => setParams({ sort: v, offset: null })}
              data={['due', 'days_late', 'unit', 'programme'].map((s) => ({ value: s, label: t(`list.sortBy.${s}`) }))}
            />
            {node && filters.programme && (
              <Badge
                variant="outline"
                size="lg"
                rightSection={
                  <CloseButton
                    size="xs"
                    aria-label={t('list.removeNode')}
                    onClick={() => setParams({ node: null, offset: null })}
                  />
                }
              >
                {t('list.nodeFilter', { node })}
              </Badge>
            )}
          </Group>
        </Stack>
      </Paper>
      {list.isError ? (
        <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <LoadingBlock rows={12} />
      ) : list.data.items.length === 0 ? (
        <Paper withBorder p="xl" radius="md">
          <Text c="dimmed" ta="center">
            {t('list.empty')}
          </Text>
        </Paper>
      ) : phone ? (
        <Stack gap="xs" data-testid="assignment-cards">
          {list.data.items.map((item) => (
            <AssignmentCard key={item.assignment} item={item} />
          ))}
          <ListPagination total={total} pageSize={limit} offset={offset} />
        </Stack>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing={6} fz="sm" data-testid="assignment-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('columns.task')}</Table.Th>
                  <Table.Th>{t('columns.unit')}</Table.Th>
                  <Table.Th>{t('columns.lead')}</Table.Th>
                  <Table.Th>{t('columns.status')}</Table.Th>
                  <Table.Th>{t('columns.due')}</Table.Th>
                  <Table.Th style={{ textAlign: 'end' }}>{t('columns.daysLate')}</Table.Th>
                  <Table.Th style={{ textAlign: 'end' }}>{t('columns.progress')}</Table.Th>
                  <Table.Th>{t('columns.lastReport')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((item) => (
                  <Table.Tr key={item.assignment}>
                    <Table.Td style={{ minWidth: 240, maxWidth: 420 }}>
                      <Anchor component={Link} to={`/assignments/${item.assignment}`} size="sm" lineClamp={2}>
                        {f.text(item.title)}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        <bdi>{item.programme}</bdi> · <bdi>{item.node}</bdi>
                      </Text>
                    </Table.Td>
                    <Table.Td>{f.text(item.unitName)}</Table.Td>
                    <Table.Td>{item.leadName ? f.text(item.leadName) : '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {item.timeliness && <StatusBadge state={item.timeliness} size="xs" />}
                        {item.backlog && <BacklogBadge size="xs" />}
                      </Group>
                    </Table.Td>
                    <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
                      {f.date(item.due)}
                    </Table.Td>
                    <Table.Td
                      className="num"
                      style={{ textAlign: 'end', color: item.daysLate ? 'var(--mantine-color-red-9)' : undefined }}
                    >
                      {item.daysLate ? f.number(item.daysLate) : '—'}
                    </Table.Td>
                    <Table.Td className="num" style={{ textAlign: 'end' }}>
                      {f.wholePercent(item.percent)}
                    </Table.Td>
                    <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
                      {f.date(item.lastReportedAt)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPagination total={total} pageSize={limit} offset={offset} />
        </Paper>
      )}
    </Box>
  );
}

/** One assignment on a phone: what to do and by when first, the rest below. */
function AssignmentCard({ item }: { item: ListItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper withBorder radius="md" p="sm" data-testid="assignment-card">
      <Anchor component={Link} to={`/assignments/${item.assignment}`} size="sm" fw={600} lineClamp={3}>
        {f.text(item.title)}
      </Anchor>
      <Group gap={6} mt={6} wrap="wrap">
        {item.timeliness && <StatusBadge state={item.timeliness} size="xs" />}
        {item.backlog && <BacklogBadge size="xs" />}
        <Text size="xs" className="num">
          {t('columns.due')}: <bdi>{f.date(item.due)}</bdi>
        </Text>
        {item.daysLate > 0 && (
          <Text size="xs" c="red.9" className="num">
            {t('columns.daysLate')}: {f.number(item.daysLate)}
          </Text>
        )}
        <Text size="xs" className="num">
          {f.wholePercent(item.percent)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {f.text(item.unitName)}
        {item.leadName ? ` · ${f.text(item.leadName)}` : ''}
      </Text>
    </Paper>
  );
}
