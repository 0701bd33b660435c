/** Concludes an inspection with its conclusion document (text in the usual languages and links). */
import { conclusionInputSchema, type ConclusionInput } from '../../domain/inspection.js';
import { dateOf } from '../../domain/dates.js';
import type { ServiceContext } from '../context.js';
import { moveInspection } from './inspection-status.js';
import type { InspectionDetail } from './inspection-views.js';

export function concludeInspection(
  ctx: ServiceContext,
  code: string,
  input: ConclusionInput,
): Promise<InspectionDetail> {
  const c = conclusionInputSchema.parse(input);
  return moveInspection(ctx, code, {
    action: 'conclude',
    from: ['in_progress'],
    to: 'concluded',
    conclusion: { text: c.text, links: c.links, date: c.date ?? dateOf(ctx.now()) },
  });
}
