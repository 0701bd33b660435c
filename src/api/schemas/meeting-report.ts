/** Wire contracts of the meeting report routes. */
import { z } from 'zod';

export const takenSnapshotSchema = z.object({
  programme: z.string(),
  unit: z.string().nullable(),
  period: z.string(),
  asOf: z.string(),
  takenAt: z.string(),
});
export type TakenSnapshotWire = z.infer<typeof takenSnapshotSchema>;
