/**
 * Shapes produced by the extraction engine. Every extracted item points back to the
 * words it came from: `span` is a half-open range `[start, end)` of UTF-16 code-unit
 * offsets into the text exactly as it was passed in (JavaScript string indices), so
 * `text.slice(span[0], span[1])` is the evidence.
 */
import type { LocalizedText } from '../domain/i18n.js';
import type { OrgUnitKind } from '../domain/org-unit.js';
import type {
  Comparison as IndicatorComparison,
  Direction,
  IndicatorInput,
  ValueType as IndicatorValueType,
} from '../domain/indicators/indicator.js';

export type { Direction } from '../domain/indicators/indicator.js';

export type Span = [start: number, end: number];

export type ItemType = 'area' | 'task' | 'agency' | 'deadline' | 'target' | 'count';

/** An org unit the extractor may recognise (the database's org units, or a fixture). */
export interface OrgUnitRef {
  code: string;
  name: LocalizedText;
  aliases?: string[] | undefined;
}

interface ItemBase {
  type: ItemType;
  /** The source words (`text.slice(span[0], span[1])`). */
  text: string;
  span: Span;
  /** 0–1: how sure the rule that produced the item is. */
  confidence: number;
}

/** An area (pillar, field, group of tasks) introduced by an enumeration marker or list item. */
export interface AreaItem extends ItemBase {
  type: 'area';
  /** 1-based position in its enumeration. */
  ordinal: number;
  /** The marker that introduced it ("Thứ nhất", "The second is", "二是", "ثانياً", "2."). */
  marker: string;
  /** Short title: the first clause after the marker. */
  title: string;
}

/** A proposed task: one imperative clause. */
export interface TaskItem extends ItemBase {
  type: 'task';
  /** Index into `items` of the area it falls under (undefined: top level). */
  areaIndex?: number | undefined;
  /** The clause, trimmed, used as title. */
  title: string;
  tags: string[];
  /** Org-unit codes named inside or just before the clause. */
  agencies: string[];
  /** The agency proposed as lead ("X chủ trì", "X is tasked with", "X牵头", "تتولى X"), if the text names one. */
  lead?: Attribution | undefined;
  /** Agencies proposed as co-ordinators ("phối hợp với Y", "in coordination with Y", "会同Y", "بالتنسيق مع Y"). */
  coordinators?: Attribution[] | undefined;
  /** "các bộ, ngành, địa phương", "all provinces", "各地区各部门", "اللجان الإقليمية": cascade to every unit of a kind. */
  cascade?: { kind: OrgUnitKind; text: string; span: Span } | undefined;
  /** Normalised deadline of the clause (ISO date), if one was found in it. */
  due?: string | undefined;
  /** Start of the clause's period (ISO date), if it names a period. */
  start?: string | undefined;
}

/** An agency proposed for a role in a task, with the words that say so. */
export interface Attribution {
  /** Org-unit code, when the agency matched one. */
  code?: string | undefined;
  /** The name as written (clitics off), or the unit's name. */
  name: string;
  /** The agency's words in the text. */
  span: Span;
  /** The cue that gave the role ("chủ trì", "in coordination with", "牵头单位", "تتولى", "subject", "inherited"). */
  cue: string;
  confidence: number;
}

export interface AgencyItem extends ItemBase {
  type: 'agency';
  /** Matched org-unit code; undefined for a candidate that matched no org unit. */
  code?: string | undefined;
  /** Name of the matched unit, or the candidate name as written. */
  name: string;
  /**
   * Other org units with the same name ("Bộ Giao thông Vận tải" is Viet Nam's and, in a
   * Vietnamese text about China, China's ministry). `code` is the one whose country
   * prefix (before the first '-') the text's unambiguous agencies share most.
   */
  alternatives?: string[] | undefined;
}

export type DeadlineRole = 'deadline' | 'period' | 'date';

export interface DeadlineItem extends ItemBase {
  type: 'deadline';
  /**
   * `deadline`: "before/by X" — the task is due at the end of X;
   * `period`: "in 2024", "2022–2023", "giai đoạn …" — the work's period;
   * `date`: a bare calendar date with no cue (e.g. a dateline).
   */
  role: DeadlineRole;
  /** Normalised value: an ISO date ('2024-12-31'), a period code ('2024', '2024Q2', '2024M12') or a range ('2022/2023'). */
  value: string;
  /** First and last day covered. */
  start: string;
  end: string;
  /** True when the year was inferred (e.g. "24/4" with `today`). */
  inferredYear?: boolean | undefined;
}

export type ValueType = 'percent' | 'count' | 'rank' | 'fraction' | 'number';
/** A comparison as written in the text; proposed indicators use the project's names (gte, lte, …). */
export type Comparison = '>=' | '<=' | '=' | '>' | '<';

export interface TargetItem extends ItemBase {
  type: 'target';
  valueType: ValueType;
  comparison: Comparison;
  /** The target number (for a fraction "12/53": 12). */
  value: number;
  /** For a fraction, the whole ("12/53": 53). */
  of?: number | undefined;
  /** True when the value is a change from the baseline ("tăng ít nhất 5 bậc": +5 places). */
  change?: boolean | undefined;
  direction: Direction;
  /** Unit as written (%, bậc, places, đô thị …). */
  unit: string;
  /** Deadline of the sentence, if any (ISO date). */
  date?: string | undefined;
  /** What is measured: the words before the number in the same clause. */
  subject: string;
}

/** "4 lĩnh vực với 22 nhiệm vụ": a count the text announces, checked against what was found. */
export interface CountItem extends ItemBase {
  type: 'count';
  of: 'area' | 'task';
  value: number;
}

export type ExtractedItem = AreaItem | TaskItem | AgencyItem | DeadlineItem | TargetItem | CountItem;

/** A numeric target proposed as an indicator with a target, for the reviewer to accept. */
export interface ProposedIndicator {
  code: string;
  name: LocalizedText;
  unit: string;
  /** The project's value type (a fraction "12/53" is a count of 12 out of 53). */
  valueType: IndicatorValueType;
  direction: Direction;
  /**
   * The target as written: `change` true means the value is a change from the baseline
   * ("+5 places"), which the reviewer turns into an absolute target once the baseline is known.
   */
  target: {
    value: number;
    comparison: IndicatorComparison;
    change: boolean;
    of?: number | undefined;
    date?: string | undefined;
  };
  /** The indicator definition, valid for `indicatorInputSchema` (linked to its task's node when there is one). */
  indicator: IndicatorInput;
  /** The task the target belongs to (draft node code), if any. */
  task?: string | undefined;
  span: Span;
  confidence: number;
}

export interface UnmatchedAgency {
  name: string;
  spans: Span[];
  confidence: number;
}

export interface Warning {
  code:
    | 'count-mismatch'
    | 'no-tasks'
    | 'no-issuer'
    | 'no-period'
    | 'unmatched-agency'
    | 'cascade-incomplete'
    | 'low-language-confidence'
    | 'too-many-items';
  message: string;
  span?: Span | undefined;
}
