import { Anchor, Badge, Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNodeAssignments, useOrgUnits } from '../../api/hooks';
import type { Counts, ProgrammeNode } from '../../api/types';
import { ErrorBlock, InlineLoader } from '../../components/QueryState';
import { BacklogBadge, StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';
import { Chips } from './Chips';

export interface TreeNode {
  node: ProgrammeNode;
  children: TreeNode[];
  counts: Counts;
}

const WORK = new Set(['task', 'subtask', 'milestone']);

export function TreeRow({
  tn,
  level,
  visible,
  isOpen,
  toggle,
  unit,
}: {
  tn: TreeNode;
  level: number;
  visible: Set<string>;
  isOpen: (code: string, work: boolean) => boolean;
  toggle: (code: string) => void;
  unit: string | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const units = useOrgUnits();
  const n = tn.node;
  const work = WORK.has(n.kind);
  const kids = tn.children.filter((c) => visible.has(c.node.code));
  const expandable = kids.length > 0 || (work && tn.counts.total > 0);
  const open = expandable && isOpen(n.code, work);
  const leadName = n.lead ? f.text(units.data?.find((u) => u.code === n.lead)?.name) || n.lead : null;
  const title = f.text(n.title);
  return (
    <li>
      <div className="tree-row" style={{ paddingInlineStart: 8 + level * 22 }}>
        {expandable ? (
          <button
            type="button"
            className="tree-toggle"
            aria-expanded={open}
            aria-label={open ? t('tree.collapse', { title }) : t('tree.expand', { title })}
            onClick={() => toggle(n.code)}
          >
            <span
              className={open ? undefined : 'flip'}
              style={{ display: 'inline-block', transform: open ? 'rotate(90deg)' : undefined }}
              aria-hidden="true"
            >
              ▶
            </span>
          </button>
        ) : (
          <span style={{ width: 22, flexShrink: 0 }} />
        )}
        <Badge
          size="xs"
          variant={work ? 'outline' : 'filled'}
          color={work ? 'gray' : '#1c3d6e'}
          radius="sm"
          style={{ textTransform: 'none', flexShrink: 0 }}
          w={74}
        >
          {t(`kind.${n.kind}`)}
        </Badge>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={work ? 400 : 600} lineClamp={2}>
            <Text span size="xs" c="dimmed" me={6} className="num">
              <bdi>{n.code}</bdi>
            </Text>
            <bdi>{title}</bdi>
          </Text>
          {(leadName || n.due || n.tags.length > 0) && (
            <Text size="xs" c="dimmed" lineClamp={1}>
              {[
                leadName,
                n.due ? t('tree.due', { date: f.date(n.due) }) : null,
                n.tags.map((x) => t(`tags.${x}`, { defaultValue: x })).join(', ') || null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          )}
        </Box>
        <Chips counts={tn.counts} />
      </div>
      {open && (kids.length > 0 || work) && (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {kids.map((c) => (
            <TreeRow
              key={c.node.code}
              tn={c}
              level={level + 1}
              visible={visible}
              isOpen={isOpen}
              toggle={toggle}
              unit={unit}
            />
          ))}
          {work && tn.counts.total > 0 && (
            <Assignments programme={n.programme} node={n.code} level={level + 1} unit={unit} />
          )}
        </ul>
      )}
    </li>
  );
}

function Assignments({
  programme,
  node,
  level,
  unit,
}: {
  programme: string;
  node: string;
  level: number;
  unit: string | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useNodeAssignments(programme, node, true);
  const units = useOrgUnits();
  const unitPath = unit ? units.data?.find((u) => u.code === unit)?.path : undefined;
  if (list.isError)
    return (
      <li style={{ paddingInlineStart: 8 + level * 22 }}>
        <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
      </li>
    );
  if (!list.data)
    return (
      <li style={{ padding: 8, paddingInlineStart: 8 + level * 22 }}>
        <InlineLoader />
      </li>
    );
  const pathOf = new Map((units.data ?? []).map((u) => [u.code, u.path]));
  const items = list.data.filter((a) => !unitPath || (pathOf.get(a.unit) ?? '').startsWith(unitPath));
  return (
    <>
      {items.map((a) => (
        <li key={a.id}>
          <div
            className="tree-row"
            style={{ paddingInlineStart: 8 + level * 22 + 30, background: 'var(--mantine-color-gray-0)' }}
          >
            <Box style={{ flex: 1, minWidth: 0 }}>
              <Anchor component={Link} to={`/assignments/${a.id}`} size="sm">
                <bdi>{f.text(a.unitName)}</bdi>
              </Anchor>
              <Text span size="xs" c="dimmed" ms={8}>
                <bdi>{t('tree.due', { date: f.date(a.due) })}</bdi> · <bdi>{f.wholePercent(a.percent)}</bdi>
                {a.children > 0 ? ` · ${t('tree.cascaded', { n: f.number(a.children) })}` : ''}
              </Text>
            </Box>
            {a.backlog && <BacklogBadge size="xs" />}
            <StatusBadge state={a.timeliness} size="xs" />
          </div>
        </li>
      ))}
    </>
  );
}
