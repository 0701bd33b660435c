/**
 * Changes of state that were missing from the audit trail (issue 15 item 6): publishing and
 * unpublishing open data, notification rules, contacts and webhooks — each an event with its
 * actor (the webhook's secret never in it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures } from '../helpers/app.js';
import { systemContext } from '../../src/services/context.js';
import { setPublished } from '../../src/services/public.js';
import {
  addContact,
  addWebhook,
  removeContact,
  setRules,
  setWebhookActive,
} from '../../src/services/notifications/settings.js';

process.env.MANDATE_WEBHOOK_ALLOW = '127.0.0.1';

describe.each(STORE_KINDS)('audit of publication and notification settings on %s', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('records each change with its actor', async () => {
    const ctx = { ...systemContext(store.db), actor: { name: 'nguyen.a', userId: undefined } };
    await setPublished(ctx, 'VN-NDX-TEST', true);
    await setPublished(ctx, 'VN-NDX-TEST', false);
    await setRules(ctx, 'VN-NDX-TEST', [{ kind: 'due_soon', params: { days: 7 }, active: true }] as never);
    const contact = await addContact(ctx, { unit: 'VN-HN', email: 'dx@hanoi.gov.vn', language: 'vi' } as never);
    await removeContact(ctx, contact.id);
    const hook = await addWebhook(ctx, {
      unit: 'VN-HN',
      url: 'http://127.0.0.1:9/hook',
      secret: 'a-webhook-secret-of-32-characters',
      language: 'en',
    } as never);
    await setWebhookActive(ctx, hook.id, false);
    const events = await store.db
      .selectFrom('audit_events')
      .select(['actor', 'action', 'object_type', 'object_id', 'after'])
      .where('object_type', 'in', ['programme', 'notification_rule', 'contact', 'webhook'])
      .where('actor', '=', 'nguyen.a')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => `${e.object_type}:${e.action}`)).toEqual([
      'programme:publish',
      'programme:unpublish',
      'notification_rule:set_rules',
      'contact:create',
      'contact:delete',
      'webhook:create',
      'webhook:deactivate',
    ]);
    expect(JSON.stringify(events)).not.toContain('a-webhook-secret-of-32-characters');
  });
});
