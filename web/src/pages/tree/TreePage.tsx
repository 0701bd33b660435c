/** The programme tree: every node with its assignments' timeliness, searched and filtered in the URL. */
import { Box, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNodeStatus, usePrograms, useTree } from '../../api/hooks';
import type { Counts, Timeliness } from '../../api/types';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { MeetingReportButton } from '../../components/MeetingReport';
import { ErrorBlock, InlineLoader, LoadingBlock } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { useSearchParams } from '../../lib/router';
import { addCounts, countOf, EMPTY_COUNTS, STATE_ORDER } from '../../lib/status';
import { fold, foldAll } from '../../lib/text';
import { Chips } from './Chips';
import { TreeRow, type TreeNode } from './TreeRow';

export default function TreePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const programmes = usePrograms();
  const programme = params.get('programme') ?? undefined;
  useEffect(() => {
    if (!programme && programmes.data?.[0]) setParams({ programme: programmes.data[0].code });
  }, [programme, programmes.data]); // eslint-disable-line react-hooks/exhaustive-deps

  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search, 200);
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) setParams({ q: debounced || null });
  }, [debounced]); // eslint-disable-line react-hooks/exhaustive-deps

  const tag = params.get('tag') ?? undefined;
  const lead = params.get('lead') ?? undefined;
  const state = (params.get('state') ?? undefined) as Timeliness | undefined;
  const dueFrom = params.get('dueFrom') ?? undefined;
  const dueTo = params.get('dueTo') ?? undefined;
  const unit = params.get('unit') ?? undefined;
  const q = fold(params.get('q') ?? '');

  const tree = useTree(programme);
  const status = useNodeStatus({ programme, unit, tag, lead, dueFrom, dueTo });

  const roots = useMemo(() => {
    if (!tree.data) return [];
    const own = new Map((status.data?.items ?? []).map((s) => [s.node, s.counts]));
    const byCode = new Map<string, TreeNode>();
    const top: TreeNode[] = [];
    for (const node of tree.data) {
      const tn: TreeNode = { node, children: [], counts: own.get(node.code) ?? EMPTY_COUNTS };
      byCode.set(node.code, tn);
      const parent = node.parent ? byCode.get(node.parent) : undefined;
      if (parent) parent.children.push(tn);
      else top.push(tn);
    }
    const sum = (tn: TreeNode): Counts => {
      for (const c of tn.children) tn.counts = addCounts(tn.counts, sum(c));
      return tn.counts;
    };
    top.forEach(sum);
    return top;
  }, [tree.data, status.data]);

  const filtering = !!(q || tag || lead || state || dueFrom || dueTo);
  const visible = useMemo(() => {
    const keep = new Set<string>();
    const matches = (n: TreeNode): boolean => {
      const node = n.node;
      if (q && !(foldAll(node.title).includes(q) || fold(node.code).includes(q))) return false;
      if (tag && !node.tags.includes(tag)) return false;
      if (lead && node.lead !== lead) return false;
      if (dueFrom && (!node.due || node.due < dueFrom)) return false;
      if (dueTo && (!node.due || node.due > dueTo)) return false;
      if (state && countOf(n.counts, state) === 0) return false;
      return true;
    };
    const walk = (n: TreeNode, ancestorMatched: boolean): boolean => {
      const self = matches(n);
      let any = false;
      for (const c of n.children) if (walk(c, ancestorMatched || (self && !!q))) any = true;
      const show = self || any || (ancestorMatched && !state && !tag && !lead);
      if (show) keep.add(n.node.code);
      return self || any;
    };
    roots.forEach((r) => walk(r, false));
    return keep;
  }, [roots, q, tag, lead, state, dueFrom, dueTo]);

  // Areas open by default, again whenever the tree changes; while filtering, everything that matched is open.
  const areasOpen = (list: TreeNode[]) => new Set(list.filter((r) => r.node.kind !== 'task').map((r) => r.node.code));
  const [expanded, setExpanded] = useState<Set<string>>(() => areasOpen(roots));
  const [allOpen, setAllOpen] = useState(false);
  const [expandedFor, setExpandedFor] = useState(roots);
  if (expandedFor !== roots) {
    setExpandedFor(roots);
    setExpanded(areasOpen(roots));
    setAllOpen(false);
  }
  const isOpen = (code: string, work: boolean) =>
    filtering && !work ? true : allOpen && !work ? true : expanded.has(code);
  const toggle = (code: string) =>
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(code)) n.delete(code);
      else n.add(code);
      return n;
    });

  const total = roots.reduce((acc, r) => addCounts(acc, r.counts), EMPTY_COUNTS);
  const prog = programmes.data?.find((p) => p.code === programme);

  return (
    <Box>
      <PageHeader
        title={t('tree.title')}
        subtitle={
          prog ? (
            <>
              <bdi>{f.text(prog.name)}</bdi> · <bdi>{f.date(prog.period.start)}</bdi> –{' '}
              <bdi>{f.date(prog.period.end)}</bdi>
            </>
          ) : (
            ' '
          )
        }
        right={
          <Group gap="sm">
            {(tree.isFetching || status.isFetching) && tree.data ? <InlineLoader /> : null}
            <MeetingReportButton programme={programme} unit={params.get('unit') ?? undefined} />
          </Group>
        }
      />
      <Paper withBorder p="sm" mb="md" radius="md">
        <Stack gap="sm">
          <FilterBar requireProgramme />
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              label={t('tree.search')}
              placeholder={t('tree.searchPlaceholder')}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              w={320}
              size="xs"
              type="search"
              data-testid="tree-search"
            />
            <Select
              label={t('tree.state')}
              placeholder={t('tree.anyState')}
              data={STATE_ORDER.map((s) => ({ value: s, label: t(`timeliness.${s}`) }))}
              value={state ?? null}
              onChange={(v) => setParams({ state: v })}
              clearable
              size="xs"
              w={180}
            />
            <Button size="xs" variant="default" onClick={() => setAllOpen((v) => !v)} aria-pressed={allOpen}>
              {allOpen ? t('tree.collapseAll') : t('tree.expandAll')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {tree.isError ? (
        <ErrorBlock error={tree.error} onRetry={() => void tree.refetch()} />
      ) : status.isError ? (
        <ErrorBlock error={status.error} onRetry={() => void status.refetch()} />
      ) : !tree.data ? (
        <LoadingBlock rows={12} />
      ) : (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Group px="sm" py={8} gap="md" bg="gray.0" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
            <Text size="xs" c="dimmed">
              {t('tree.summary', { n: f.number(total.total) })}
            </Text>
            <Chips counts={total} />
          </Group>
          {visible.size === 0 ? (
            <Text p="lg" c="dimmed" ta="center">
              {t('tree.noMatch')}
            </Text>
          ) : (
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('tree.title')} data-testid="tree">
              {roots
                .filter((r) => visible.has(r.node.code))
                .map((r) => (
                  <TreeRow
                    key={r.node.code}
                    tn={r}
                    level={0}
                    visible={visible}
                    isOpen={isOpen}
                    toggle={toggle}
                    unit={unit}
                  />
                ))}
            </ul>
          )}
        </Paper>
      )}
    </Box>
  );
}
