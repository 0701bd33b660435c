/** Starts a planned inspection: the team is on the ground and records findings. */
import type { ServiceContext } from '../context.js';
import { moveInspection } from './inspection-status.js';
import type { InspectionDetail } from './inspection-views.js';

export function startInspection(ctx: ServiceContext, code: string): Promise<InspectionDetail> {
  return moveInspection(ctx, code, { action: 'start', from: ['planned'], to: 'in_progress' });
}
