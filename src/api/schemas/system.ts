/** Wire contracts of the system routes. */
import { z } from 'zod';

export const healthSchema = z.object({ ok: z.literal(true), store: z.enum(['pglite', 'postgres']) });
export type Health = z.infer<typeof healthSchema>;
