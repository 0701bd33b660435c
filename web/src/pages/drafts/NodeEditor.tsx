import { ActionIcon, Badge, Button, Group, Paper, Stack, TagsInput, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useProblemText } from '../../lib/problems';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { DateField } from '../../components/DateField';
import type { EditNode, MappedProblems, Selected } from './draft-model';

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

export function NodeEditor({ node, depth, selected, onSelect, patch, drop, addTask, problems }: NodeEditorProps) {
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
            <DateField
              label={t('drafts.due', { code: node.code })}
              value={node.due}
              onChange={(due) => patch(node.key, { due })}
              error={err('due')}
            />
            <TagsInput
              label={t('drafts.tags', { code: node.code })}
              value={node.tags}
              onChange={(v) => patch(node.key, { tags: v })}
              description={
                node.tags.length
                  ? t('drafts.tagsShown', {
                      tags: node.tags.map((x) => t(`tags.${x}`, { defaultValue: x })).join(', '),
                    })
                  : undefined
              }
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
