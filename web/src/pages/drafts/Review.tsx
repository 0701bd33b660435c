/** The review of a proposed draft: the source beside the editable programme, its agencies, targets and import. */
import { ActionIcon, Alert, Anchor, Badge, Button, Grid, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { programmeFileSchema } from '../../../../src/domain/programme-file';
import { api, ApiError, type Problem } from '../../api/client';
import { Section } from '../../components/PageHeader';
import { DateField } from '../../components/DateField';
import { useFormat } from '../../lib/format';
import { href, Link } from '../../lib/router';
import { problemsFromIssues, useProblemText } from '../../lib/problems';
import { errorText } from '../../lib/errors';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { NodeEditor } from './NodeEditor';
import { SourcePane } from './SourcePane';
import {
  allCodes,
  mapProblems,
  newKey,
  nextCode,
  tasksNaming,
  toFile,
  updateNode,
  type DraftResponse,
  type EditDraft,
  type EditNode,
  type MappedProblems,
  type Selected,
  type Span,
} from './draft-model';

const NO_PROBLEMS: MappedProblems = { programme: {}, nodes: {}, other: [] };

interface Gap {
  id: string;
  kind: 'lead' | 'due' | 'agency';
  key?: string;
  code?: string;
  label: string;
}

/** What the reader should decide on before import: tasks without a lead or a deadline, agencies not mapped. */
function importGaps(
  nodes: EditNode[],
  agencies: DraftResponse['unmatchedAgencies'],
  state: Record<string, { unit?: string; ignored?: boolean }>,
): Gap[] {
  const out: Gap[] = [];
  const walk = (list: EditNode[]) => {
    for (const n of list) {
      if (n.kind === 'task' || n.kind === 'subtask') {
        if (!n.lead) out.push({ id: `lead:${n.key}`, kind: 'lead', key: n.key, code: n.code, label: n.title });
        if (!n.due) out.push({ id: `due:${n.key}`, kind: 'due', key: n.key, code: n.code, label: n.title });
      }
      walk(n.children);
    }
  };
  walk(nodes);
  for (const a of agencies)
    if (!state[a.name]?.unit && !state[a.name]?.ignored)
      out.push({ id: `agency:${a.name}`, kind: 'agency', label: a.name });
  return out;
}

export function Review({
  response,
  source,
  edit,
  setEdit,
}: {
  response: DraftResponse;
  source: string;
  edit: EditDraft;
  setEdit: (f: (e: EditDraft) => EditDraft) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Selected>(null);
  const [problems, setProblems] = useState<MappedProblems>(NO_PROBLEMS);
  const [importError, setImportError] = useState<string | null>(null);
  const [imported, setImported] = useState<{
    programme: string;
    nodes: number;
    tasks: number;
    assignments: number;
  } | null>(null);
  const [agencyState, setAgencyState] = useState<Record<string, { unit?: string; ignored?: boolean; filled?: number }>>(
    {},
  );
  // the check before import: tasks without a lead or a deadline, agencies not mapped; one decision each
  const [accepted, setAccepted] = useState<Record<string, true>>({});
  const [checking, setChecking] = useState(false);
  const gaps = useMemo(
    () => importGaps(edit.nodes, response.unmatchedAgencies, agencyState).filter((g) => !accepted[g.id]),
    [edit.nodes, response.unmatchedAgencies, agencyState, accepted],
  );

  const span = useMemo((): Span | undefined => {
    if (!selected) return undefined;
    if (selected.kind === 'target') return response.targets.find((x) => x.code === selected.code)?.span;
    if (selected.kind === 'agency') return response.unmatchedAgencies.find((x) => x.name === selected.name)?.spans[0];
    const find = (nodes: EditNode[]): EditNode | undefined => {
      for (const n of nodes) {
        if (n.key === selected.key) return n;
        const c = find(n.children);
        if (c) return c;
      }
      return undefined;
    };
    return find(edit.nodes)?.span;
  }, [selected, edit.nodes, response]);

  const setNodes = (change: (nodes: EditNode[]) => EditNode[]) => setEdit((e) => ({ ...e, nodes: change(e.nodes) }));
  const patchNode = (key: string, patch: Partial<EditNode>) =>
    setNodes((nodes) => updateNode(nodes, key, (n) => ({ ...n, ...patch })));
  const dropNode = (key: string) => {
    setNodes((nodes) => updateNode(nodes, key, () => null));
    if (selected?.kind === 'node' && selected.key === key) setSelected(null);
  };
  const addTask = (parent: EditNode | null) => {
    const key = newKey();
    setNodes((nodes) => {
      const node: EditNode = {
        key,
        code: nextCode(nodes, parent),
        kind: 'task',
        title: '',
        lead: '',
        due: '',
        tags: [],
        base: { code: '', kind: 'task', title: {} },
        children: [],
      };
      return parent
        ? updateNode(nodes, parent.key, (p) => ({ ...p, children: [...p.children, node] }))
        : [...nodes, node];
    });
    setSelected({ kind: 'node', key });
    // focus the new title once rendered
    setTimeout(() => document.getElementById(`title-${key}`)?.focus(), 50);
  };

  const mapAgency = (name: string, unit: string | null) => {
    const agency = response.unmatchedAgencies.find((a) => a.name === name);
    if (!agency) return;
    if (!unit) {
      setAgencyState((s) => ({ ...s, [name]: {} }));
      return;
    }
    const hits = tasksNaming(edit.nodes, agency.spans, source);
    const keys = new Set(hits.map((h) => h.key));
    const fill = (nodes: EditNode[]): EditNode[] =>
      nodes.map((n) => ({ ...n, lead: keys.has(n.key) ? unit : n.lead, children: fill(n.children) }));
    setNodes(fill);
    setAgencyState((s) => ({ ...s, [name]: { unit, filled: hits.length } }));
  };

  const doImport = useMutation({
    mutationFn: (file: unknown) =>
      api<{ programme: string; nodes: number; tasks: number; assignments: number }>('/programmes/import', {
        method: 'POST',
        body: file,
      }),
    onSuccess: async (summary) => {
      setProblems(NO_PROBLEMS);
      setImportError(null);
      setImported(summary);
      await queryClient.invalidateQueries({ queryKey: ['programmes'] });
    },
  });

  const onImport = (force = false) => {
    setImported(null);
    if (gaps.length > 0 && !force) {
      setChecking(true);
      setTimeout(() => document.getElementById('draft-check')?.scrollIntoView({ block: 'center' }), 50);
      return;
    }
    setChecking(false);
    const { file, paths } = toFile(edit);
    const show = (list: Problem[], message: string) => {
      const mapped = mapProblems(list, paths);
      setProblems(mapped);
      setImportError(message);
    };
    // The importer's own schema first: most mistakes never make the round trip.
    const local = programmeFileSchema.safeParse(file);
    if (!local.success) {
      const list = problemsFromIssues(local.error.issues);
      show(list, t('drafts.problems', { count: list.length, n: list.length }));
      return;
    }
    doImport.mutate(file, {
      onError: (error) => {
        if (error instanceof ApiError && error.problems.length)
          show(error.problems, t('drafts.problems', { count: error.problems.length, n: error.problems.length }));
        else {
          setProblems(NO_PROBLEMS);
          setImportError(errorText(t, error));
        }
      },
    });
  };

  const pe = (key: string) => (problems.programme[key] ? problemText(problems.programme[key]) : undefined);
  const taskCount = useMemo(() => [...allCodes(edit.nodes)].length, [edit.nodes]);

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <SourcePane text={source} span={span} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <Section id="draft-programme" title={t('drafts.programme')}>
            <Stack gap="sm">
              {response.warnings
                .filter((w) => w.code !== 'unmatched-agency')
                .map((w, i) => (
                  <Alert key={i} color="yellow" variant="light" p="xs">
                    <Text size="sm">{t(`drafts.warning.${w.code}`, { defaultValue: w.message })}</Text>
                  </Alert>
                ))}
              <Group grow align="flex-start">
                <TextInput
                  label={t('drafts.code')}
                  value={edit.code}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setEdit((x) => ({ ...x, code: v }));
                  }}
                  error={pe('code')}
                  dir="ltr"
                  required
                />
                <TextInput
                  label={t('drafts.name')}
                  value={edit.name}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setEdit((x) => ({ ...x, name: v }));
                  }}
                  error={pe('name')}
                  dir="auto"
                  required
                />
              </Group>
              <Group grow align="flex-start">
                <DateField
                  label={t('drafts.periodStart')}
                  value={edit.periodStart}
                  onChange={(v) => setEdit((x) => ({ ...x, periodStart: v }))}
                  error={pe('period.start')}
                />
                <DateField
                  label={t('drafts.periodEnd')}
                  value={edit.periodEnd}
                  onChange={(v) => setEdit((x) => ({ ...x, periodEnd: v }))}
                  error={pe('period.end')}
                />
              </Group>
              <Stack gap={6}>
                {edit.issuers.map((code, i) => (
                  <Group key={i} gap={6} align="flex-end" wrap="nowrap">
                    <OrgUnitPicker
                      label={t('drafts.issuerN', { n: i + 1 })}
                      value={code}
                      onChange={(v) =>
                        setEdit((x) => ({ ...x, issuers: x.issuers.map((c, j) => (j === i ? (v ?? '') : c)) }))
                      }
                      error={pe(`issuers[${i}]`) ?? (i === 0 ? pe('issuers') : undefined)}
                    />
                    {edit.issuers.length > 1 && (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="lg"
                        aria-label={t('drafts.removeIssuer', { n: i + 1 })}
                        onClick={() => setEdit((x) => ({ ...x, issuers: x.issuers.filter((_, j) => j !== i) }))}
                      >
                        ×
                      </ActionIcon>
                    )}
                  </Group>
                ))}
                <Button
                  variant="subtle"
                  size="compact-xs"
                  style={{ alignSelf: 'flex-start' }}
                  onClick={() => setEdit((x) => ({ ...x, issuers: [...x.issuers, ''] }))}
                >
                  {t('drafts.addIssuer')}
                </Button>
              </Stack>
            </Stack>
          </Section>

          <Section
            id="draft-tree"
            title={t('drafts.tree', { n: f.number(taskCount) })}
            right={
              <Button variant="light" size="xs" onClick={() => addTask(null)}>
                {t('drafts.addTopTask')}
              </Button>
            }
          >
            {edit.nodes.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('drafts.noItems')}
              </Text>
            ) : (
              <Stack gap="sm" role="list" aria-labelledby="draft-tree">
                {edit.nodes.map((n) => (
                  <NodeEditor
                    key={n.key}
                    node={n}
                    depth={0}
                    selected={selected}
                    onSelect={(key) => setSelected({ kind: 'node', key })}
                    patch={patchNode}
                    drop={dropNode}
                    addTask={addTask}
                    problems={problems}
                  />
                ))}
              </Stack>
            )}
          </Section>

          {response.unmatchedAgencies.length > 0 && (
            <Section id="draft-agencies" title={t('drafts.agencies')}>
              <Text size="sm" c="dimmed" mb="xs">
                {t('drafts.agenciesHint')}
              </Text>
              <Stack gap="xs">
                {response.unmatchedAgencies.map((a) => {
                  const st = agencyState[a.name] ?? {};
                  const isSel = selected?.kind === 'agency' && selected.name === a.name;
                  return (
                    <Paper
                      key={a.name}
                      withBorder
                      p="xs"
                      radius="sm"
                      bg={isSel ? 'yellow.0' : undefined}
                      data-testid="unmatched-agency"
                    >
                      <Group justify="space-between" gap="xs" wrap="wrap" align="flex-end">
                        <Stack gap={2} style={{ flex: 1, minWidth: 160 }}>
                          <Anchor
                            component="button"
                            type="button"
                            size="sm"
                            fw={600}
                            ta="start"
                            onClick={() => setSelected({ kind: 'agency', name: a.name })}
                            aria-pressed={isSel}
                            dir="auto"
                          >
                            {a.name}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {t('drafts.mentions', { count: a.spans.length, n: f.number(a.spans.length) })}
                            {st.filled !== undefined &&
                              ` · ${t('drafts.filled', { count: st.filled, n: f.number(st.filled) })}`}
                            {st.ignored && ` · ${t('drafts.ignored')}`}
                          </Text>
                        </Stack>
                        {!st.ignored && (
                          <OrgUnitPicker
                            label={t('drafts.mapTo', { name: a.name })}
                            value={st.unit ?? ''}
                            onChange={(v) => mapAgency(a.name, v)}
                            w={260}
                          />
                        )}
                        <Button
                          variant="subtle"
                          color="gray"
                          size="xs"
                          onClick={() => setAgencyState((s) => ({ ...s, [a.name]: { ...st, ignored: !st.ignored } }))}
                        >
                          {st.ignored ? t('drafts.unignore') : t('drafts.ignore')}
                        </Button>
                      </Group>
                    </Paper>
                  );
                })}
              </Stack>
            </Section>
          )}

          {response.targets.length > 0 && (
            <Section id="draft-targets" title={t('drafts.targets')}>
              <Text size="sm" c="dimmed" mb="xs">
                {t('drafts.targetsHint')}
              </Text>
              <Stack gap={6} role="list">
                {response.targets.map((x) => {
                  const isSel = selected?.kind === 'target' && selected.code === x.code;
                  return (
                    <Paper
                      key={x.code}
                      withBorder
                      p="xs"
                      radius="sm"
                      bg={isSel ? 'yellow.0' : undefined}
                      role="listitem"
                    >
                      <Group gap="xs" wrap="nowrap" justify="space-between">
                        <Anchor
                          component="button"
                          type="button"
                          size="sm"
                          ta="start"
                          onClick={() => setSelected({ kind: 'target', code: x.code })}
                          aria-pressed={isSel}
                          dir="auto"
                        >
                          {f.text(x.name)}
                        </Anchor>
                        <Group gap={4} wrap="nowrap">
                          <Badge variant="light" size="sm" style={{ textTransform: 'none' }} dir="auto">
                            {x.target.change ? '+' : ''}
                            {f.number(x.target.value)}
                            {x.target.of !== undefined ? `/${f.number(x.target.of)}` : ''} {x.unit}
                          </Badge>
                          {x.task && (
                            <Badge variant="outline" color="gray" size="sm" style={{ textTransform: 'none' }}>
                              {x.task}
                            </Badge>
                          )}
                        </Group>
                      </Group>
                    </Paper>
                  );
                })}
              </Stack>
            </Section>
          )}

          <Section id="draft-import" title={t('drafts.import')}>
            <Stack gap="sm">
              {importError && (
                <Alert color="red" variant="light" role="alert" data-testid="import-error">
                  <Text size="sm">{importError}</Text>
                  {problems.other.map((p, i) => (
                    <Text key={i} size="xs">
                      <code>{p.path}</code>: {problemText(p.message)}
                    </Text>
                  ))}
                </Alert>
              )}
              {imported && (
                <Alert color="green" variant="light" role="status" data-testid="import-done">
                  <Text size="sm">
                    {t('drafts.imported', {
                      code: imported.programme,
                      nodes: f.number(imported.nodes),
                      assignments: f.number(imported.assignments),
                    })}
                  </Text>
                  <Anchor component={Link} to={href('/tree', { programme: imported.programme })} size="sm">
                    {t('drafts.openTree')}
                  </Anchor>
                </Alert>
              )}
              {checking && gaps.length > 0 && (
                <Paper withBorder p="sm" radius="sm" id="draft-check" data-testid="pre-import-check">
                  <Text size="sm" fw={600}>
                    {t('drafts.check.title', { n: f.number(gaps.length) })}
                  </Text>
                  <Text size="xs" c="dimmed" mb="xs">
                    {t('drafts.check.hint')}
                  </Text>
                  <Stack gap={4} role="list">
                    {gaps.map((g) => (
                      <Group key={g.id} gap="xs" justify="space-between" wrap="nowrap" role="listitem">
                        <Text size="sm" dir="auto">
                          {g.kind === 'agency'
                            ? t('drafts.check.agency', { name: g.label })
                            : t(`drafts.check.${g.kind}`, { code: g.code, title: g.label })}
                        </Text>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="light"
                            aria-label={t('drafts.check.fillOf', { item: g.code ?? g.label })}
                            onClick={() => {
                              if (g.key) setSelected({ kind: 'node', key: g.key });
                              else setSelected({ kind: 'agency', name: g.label });
                              const id = g.key ? `title-${g.key}` : 'draft-agencies';
                              setTimeout(() => document.getElementById(id)?.scrollIntoView({ block: 'center' }), 50);
                            }}
                          >
                            {t('drafts.check.fill')}
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="light"
                            color="gray"
                            aria-label={t('drafts.check.skipOf', { item: g.code ?? g.label })}
                            onClick={() =>
                              g.key
                                ? dropNode(g.key)
                                : setAgencyState((x) => ({ ...x, [g.label]: { ...x[g.label], ignored: true } }))
                            }
                          >
                            {t('drafts.check.skip')}
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            aria-label={t('drafts.check.anywayOf', { item: g.code ?? g.label })}
                            onClick={() => setAccepted((x) => ({ ...x, [g.id]: true }))}
                          >
                            {t('drafts.check.anyway')}
                          </Button>
                        </Group>
                      </Group>
                    ))}
                  </Stack>
                  <Group justify="flex-end" mt="xs">
                    <Button size="xs" variant="outline" onClick={() => onImport(true)} loading={doImport.isPending}>
                      {t('drafts.check.importAll', { n: f.number(gaps.length) })}
                    </Button>
                  </Group>
                </Paper>
              )}
              <Group justify="space-between">
                <Text size="xs" c="dimmed">
                  {t('drafts.importHint')}
                </Text>
                <Button onClick={() => onImport()} loading={doImport.isPending} disabled={!!imported}>
                  {t('drafts.importButton')}
                </Button>
              </Group>
            </Stack>
          </Section>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
