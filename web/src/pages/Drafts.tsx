/**
 * Draft review (issue 8 item 2): paste or load a policy text, let the drafter propose a
 * programme, review it beside its source — each item's words highlighted — fix, drop or add
 * items, map the agency names that matched no org unit, and import.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  FileInput,
  Grid,
  Group,
  NativeSelect,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { programmeFileSchema } from '../../../src/domain/programme-file';
import { api, ApiError, type Problem } from '../api/client';
import type { OrgUnit } from '../api/types';
import { PageHeader, Section } from '../components/PageHeader';
import { useFormat } from '../lib/format';
import { href, Link } from '../lib/router';
import { LANGUAGES } from '../lib/text';
import { useProblemText } from './Assignment';
import {
  allCodes,
  mapProblems,
  newKey,
  nextCode,
  tasksNaming,
  toEdit,
  toFile,
  updateNode,
  type DraftResponse,
  type EditDraft,
  type EditNode,
  type MappedProblems,
  type Span,
} from './draft-model';

type Selected =
  { kind: 'node'; key: string } | { kind: 'target'; code: string } | { kind: 'agency'; name: string } | null;

const NO_PROBLEMS: MappedProblems = { programme: {}, nodes: {}, other: [] };

export default function DraftsPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [language, setLanguage] = useState('');
  const [source, setSource] = useState('');
  const [response, setResponse] = useState<DraftResponse | null>(null);
  const [edit, setEdit] = useState<EditDraft | null>(null);
  const [proposeError, setProposeError] = useState<string | null>(null);

  const propose = useMutation({
    mutationFn: (body: { text: string; language?: string }) => api<DraftResponse>('/drafts', { method: 'POST', body }),
    onSuccess: (r, body) => {
      setProposeError(null);
      setSource(body.text);
      setResponse(r);
      setEdit(toEdit(r));
    },
    onError: (error) => {
      setProposeError(
        error instanceof ApiError
          ? error.problems[0]?.message
            ? `${error.message}: ${error.problems[0].message}`
            : error.message
          : String(error),
      );
    },
  });

  const onPropose = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setProposeError(t('drafts.emptyText'));
      return;
    }
    propose.mutate(language ? { text, language } : { text });
  };

  return (
    <Box>
      <PageHeader title={t('drafts.title')} subtitle={t('drafts.subtitle')} />
      <Stack gap="md">
        <Section id="draft-input" title={t('drafts.input')}>
          <form onSubmit={onPropose} noValidate aria-labelledby="draft-input">
            <Stack gap="sm">
              <Textarea
                label={t('drafts.text')}
                description={t('drafts.textHint')}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                autosize
                minRows={4}
                maxRows={12}
                dir="auto"
                name="text"
                error={proposeError ?? undefined}
              />
              <Group align="flex-end" gap="sm" wrap="wrap">
                <FileInput
                  label={t('drafts.file')}
                  placeholder={t('drafts.filePlaceholder')}
                  // Mantine's placeholder grey is below AA contrast on white
                  styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
                  accept=".txt,text/plain"
                  clearable
                  w={260}
                  onChange={(file) => {
                    if (file) void file.text().then(setText);
                  }}
                />
                <NativeSelect
                  label={t('drafts.language')}
                  value={language}
                  onChange={(e) => setLanguage(e.currentTarget.value)}
                  data={[
                    { value: '', label: t('drafts.detect') },
                    ...LANGUAGES.map((l) => ({ value: l, label: t(`drafts.lang.${l}`) })),
                  ]}
                  w={180}
                />
                <Button type="submit" loading={propose.isPending}>
                  {t('drafts.propose')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Section>
        {response && edit && (
          <Review
            key={response.draft.code + response.yaml.length}
            response={response}
            source={source}
            edit={edit}
            setEdit={(change) => setEdit((e) => (e ? change(e) : e))}
          />
        )}
      </Stack>
    </Box>
  );
}

function Review({
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

  const onImport = () => {
    setImported(null);
    const { file, paths } = toFile(edit);
    const show = (list: Problem[], message: string) => {
      const mapped = mapProblems(list, paths);
      setProblems(mapped);
      setImportError(message);
    };
    // The importer's own schema first: most mistakes never make the round trip.
    const local = programmeFileSchema.safeParse(file);
    if (!local.success) {
      const list = local.error.issues.map((i) => ({
        path: i.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
          .join('.')
          .replace(/\.\[/g, '['),
        message: i.message,
      }));
      show(list, t('drafts.problems', { count: list.length, n: list.length }));
      return;
    }
    doImport.mutate(file, {
      onError: (error) => {
        if (error instanceof ApiError && error.problems.length)
          show(error.problems, t('drafts.problems', { count: error.problems.length, n: error.problems.length }));
        else {
          setProblems(NO_PROBLEMS);
          setImportError(error instanceof ApiError ? error.message : String(error));
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
                <TextInput
                  type="date"
                  label={t('drafts.periodStart')}
                  value={edit.periodStart}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setEdit((x) => ({ ...x, periodStart: v }));
                  }}
                  error={pe('period.start')}
                />
                <TextInput
                  type="date"
                  label={t('drafts.periodEnd')}
                  value={edit.periodEnd}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setEdit((x) => ({ ...x, periodEnd: v }));
                  }}
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
              <Group justify="space-between">
                <Text size="xs" c="dimmed">
                  {t('drafts.importHint')}
                </Text>
                <Button onClick={onImport} loading={doImport.isPending} disabled={!!imported}>
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

/** The source text, the selected item's words marked and scrolled into view. */
function SourcePane({ text, span }: { text: string; span: Span | undefined }) {
  const { t } = useTranslation();
  const markRef = useRef<HTMLElement>(null);
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [span?.[0], span?.[1]]);
  const valid = span && span[0] >= 0 && span[1] <= text.length && span[0] < span[1];
  return (
    <section
      aria-labelledby="draft-source"
      style={{
        background: 'white',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 8,
        padding: 16,
        position: 'sticky',
        top: 72,
      }}
    >
      <Title order={2} size="h5" fw={650} id="draft-source" mb="sm">
        {t('drafts.source')}
      </Title>
      <Box
        data-testid="draft-source"
        tabIndex={0}
        dir="auto"
        aria-label={t('drafts.source')}
        style={{
          whiteSpace: 'pre-wrap',
          overflowY: 'auto',
          maxHeight: 'calc(100vh - 180px)',
          fontSize: 14,
          lineHeight: 1.6,
        }}
      >
        {valid ? (
          <>
            {text.slice(0, span[0])}
            <mark
              ref={markRef}
              data-testid="source-highlight"
              style={{ background: '#ffe08a', padding: '1px 0', borderRadius: 2 }}
            >
              {text.slice(span[0], span[1])}
            </mark>
            {text.slice(span[1])}
          </>
        ) : (
          text
        )}
      </Box>
    </section>
  );
}

interface NodeEditorProps {
  node: EditNode;
  depth: number;
  selected: Selected;
  onSelect: (key: string) => void;
  patch: (key: string, patch: Partial<EditNode>) => void;
  drop: (key: string) => void;
  addTask: (parent: EditNode) => void;
  problems: MappedProblems;
}

function NodeEditor({ node, depth, selected, onSelect, patch, drop, addTask, problems }: NodeEditorProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const problemText = useProblemText();
  const isSel = selected?.kind === 'node' && selected.key === node.key;
  const errs = problems.nodes[node.key] ?? {};
  const err = (field: string) => (errs[field] ? problemText(errs[field]) : undefined);
  const label = node.title.trim() || node.code;
  return (
    <Paper
      withBorder
      p="sm"
      radius="sm"
      role="listitem"
      data-testid={`draft-node-${node.code}`}
      bg={isSel ? 'yellow.0' : node.kind === 'area' ? 'gray.0' : undefined}
      style={{ borderColor: isSel ? 'var(--mantine-color-yellow-6)' : undefined, marginInlineStart: depth * 16 }}
      onFocusCapture={() => onSelect(node.key)}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Group gap={6} wrap="nowrap">
            <Button
              variant={isSel ? 'filled' : 'light'}
              color={isSel ? 'yellow' : 'blue'}
              size="compact-xs"
              onClick={() => onSelect(node.key)}
              aria-pressed={isSel}
              aria-label={t('drafts.showSpan', { code: node.code })}
              disabled={!node.span}
              c={isSel ? 'dark' : undefined}
            >
              {node.code}
            </Button>
            <Badge size="xs" variant="outline" color="gray">
              {t(`kind.${node.kind}`)}
            </Badge>
            {node.confidence !== undefined && (
              <Text size="xs" c="dimmed" title={t('drafts.confidence')}>
                {t('drafts.confidenceShort', { value: f.percent(node.confidence) })}
              </Text>
            )}
          </Group>
          <Group gap={4} wrap="nowrap">
            {node.kind === 'area' && (
              <Button variant="subtle" size="compact-xs" onClick={() => addTask(node)}>
                {t('drafts.addTask')}
              </Button>
            )}
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('drafts.drop', { name: label })}
              onClick={() => drop(node.key)}
            >
              ×
            </ActionIcon>
          </Group>
        </Group>
        <Textarea
          id={`title-${node.key}`}
          label={t('drafts.itemTitle', { code: node.code })}
          value={node.title}
          onChange={(e) => patch(node.key, { title: e.currentTarget.value })}
          autosize
          minRows={1}
          maxRows={4}
          error={err('title') ?? err('code')}
          dir="auto"
          size="sm"
        />
        {node.kind !== 'area' && (
          <Group grow align="flex-start" gap="xs" wrap="wrap">
            <OrgUnitPicker
              label={t('drafts.lead', { code: node.code })}
              value={node.lead}
              onChange={(v) => patch(node.key, { lead: v ?? '' })}
              error={err('lead')}
            />
            <TextInput
              type="date"
              label={t('drafts.due', { code: node.code })}
              value={node.due}
              onChange={(e) => patch(node.key, { due: e.currentTarget.value })}
              error={err('due')}
            />
            <TagsInput
              label={t('drafts.tags', { code: node.code })}
              value={node.tags}
              onChange={(v) => patch(node.key, { tags: v })}
              error={err('tags')}
              clearable
              splitChars={[',', ' ']}
            />
          </Group>
        )}
        {errs._ && (
          <Text size="xs" c="red" role="alert">
            {problemText(errs._)}
          </Text>
        )}
        {node.children.length > 0 && (
          <Stack gap="xs" role="list" aria-label={t('drafts.childrenOf', { name: label })}>
            {node.children.map((c) => (
              <NodeEditor
                key={c.key}
                node={c}
                depth={1}
                selected={selected}
                onSelect={onSelect}
                patch={patch}
                drop={drop}
                addTask={addTask}
                problems={problems}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** An org unit, searched on the server (`/api/org-units?q=`) as the user types. */
function OrgUnitPicker({
  label,
  value,
  onChange,
  error,
  w,
}: {
  label: string;
  value: string;
  onChange: (code: string | null) => void;
  error?: string | undefined;
  w?: number;
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
    queryKey: ['org-unit-search', debounced],
    enabled: debounced.length > 0 && !isCurrentLabel,
    queryFn: ({ signal }) =>
      api<{ items: OrgUnit[] }>('/org-units', { query: { q: debounced, limit: 20 }, signal }).then((r) => r.items),
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
    />
  );
}
