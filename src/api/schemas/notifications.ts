/** Wire contracts of notification settings and logs. */
import { z } from 'zod';
import { described, itemsOf } from './common.js';

export const ruleListSchema = itemsOf(described<object>('a reminder or escalation rule'));
export const contactSchema = described<object>('a unit contact');
export const contactListSchema = itemsOf(contactSchema);
export const webhookSchema = described<object>('a webhook endpoint (never its secret)');
export const webhookListSchema = itemsOf(webhookSchema);
export const noticePreviewSchema = z.object({
  day: z.string(),
  items: z.array(z.looseObject({ key: z.string(), kind: z.string(), channel: z.string(), recipient: z.string() })),
});
export const noticeLogSchema = itemsOf(described<object>('a notice with its delivery state'));
export const deliveryLogSchema = itemsOf(described<object>('a delivery attempt'));
