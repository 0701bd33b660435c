/**
 * Delivery: the job handlers that send one e-mail (or a daily digest) over SMTP and
 * call one webhook (JSON, signed with HMAC-SHA256). Every attempt goes to the delivery
 * log; a failure throws, and the worker retries with exponential backoff until the
 * job's last attempt, after which the job stays `failed`, visible in the log.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { jobsRepository, type JobRow } from '../../db/repositories/jobs.repository.js';
import { notificationsRepository } from '../../db/repositories/notifications.repository.js';
import type { ServiceContext } from '../context.js';
import type { JobHandler } from '../context.js';
import { renderEmail, webhookBody } from './messages.js';
import { postWebhook } from './webhook-guard.js';
import type { BlockList } from 'node:net';
import { planNotices } from './planner.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  language: string;
  headers: Record<string, string>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/** A mailer over SMTP: `smtp://host:port` (or smtps://, with user:password@ when needed). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { 'Content-Language': mail.language, ...mail.headers },
      });
      return String(info.messageId ?? '');
    },
    close: () => transport.close(),
  };
}

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface DeliveryDeps {
  mailer?: Mailer | undefined;
  /** Time limit for one webhook call (default 10 s). */
  webhookTimeoutMs?: number;
  /** Addresses webhooks may call although private or loopback (default: MANDATE_WEBHOOK_ALLOW). */
  webhookAllow?: BlockList;
}

async function deliverEmail(ctx: ServiceContext, job: JobRow, deps: DeliveryDeps): Promise<void> {
  const notices = await notificationsRepository.noticesOfJob(ctx.db, job.id);
  if (notices.length === 0) return;
  const payload = job.payload as { recipient: string; language: string; day: string; digest: boolean };
  const attempt = { jobId: job.id, channel: 'email', target: payload.recipient, attempt: job.attempts };
  if (!deps.mailer) {
    await jobsRepository.log(ctx.db, {
      ...attempt,
      ok: false,
      statusCode: null,
      detail: 'no SMTP server configured (MANDATE_SMTP_URL)',
      at: ctx.now(),
    });
    throw new Error('no SMTP server configured');
  }
  const message = renderEmail(notices, payload.language, payload.day, payload.digest);
  try {
    const id = await deps.mailer.send({
      to: payload.recipient,
      ...message,
      headers: { 'X-Mandate-Job': String(job.id), 'X-Mandate-Notices': notices.map((n) => n.key).join(' ') },
    });
    await jobsRepository.log(ctx.db, { ...attempt, ok: true, statusCode: 250, detail: id, at: ctx.now() });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const code = (error as { responseCode?: number }).responseCode ?? null;
    await jobsRepository.log(ctx.db, { ...attempt, ok: false, statusCode: code, detail, at: ctx.now() });
    throw error;
  }
}

async function deliverWebhook(ctx: ServiceContext, job: JobRow, deps: DeliveryDeps): Promise<void> {
  const [notice] = await notificationsRepository.noticesOfJob(ctx.db, job.id);
  if (!notice || notice.endpoint_id === null) return;
  const endpoint = await notificationsRepository.endpoint(ctx.db, notice.endpoint_id);
  const attempt = {
    jobId: job.id,
    channel: 'webhook',
    target: endpoint?.url ?? `endpoint ${notice.endpoint_id}`,
    attempt: job.attempts,
  };
  if (!endpoint || !endpoint.active) {
    await jobsRepository.log(ctx.db, {
      ...attempt,
      ok: false,
      statusCode: null,
      detail: 'endpoint removed or inactive: not sent',
      at: ctx.now(),
    });
    return;
  }
  const body = webhookBody(notice, endpoint.language, job.id, ctx.now());
  let status: number | null = null;
  try {
    status = await postWebhook(
      endpoint.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Mandate-Webhook/1',
        'x-mandate-signature': sign(body, endpoint.secret),
        'x-mandate-event': `notice.${notice.kind}`,
        'x-mandate-delivery': String(job.id),
        'x-mandate-attempt': String(job.attempts),
      },
      deps.webhookTimeoutMs ?? 10_000,
      deps.webhookAllow,
    );
    if (status < 200 || status >= 300) throw new Error(`HTTP ${status}`);
    await jobsRepository.log(ctx.db, { ...attempt, ok: true, statusCode: status, detail: null, at: ctx.now() });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    await jobsRepository.log(ctx.db, { ...attempt, ok: false, statusCode: status, detail, at: ctx.now() });
    throw error;
  }
}

/** The handlers of every notification job kind. */
export function notificationHandlers(deps: DeliveryDeps): Record<string, JobHandler> {
  return {
    'notify.plan': async (ctx, job) => {
      await planNotices(ctx, String(job.payload.day));
    },
    'notify.email': (ctx, job) => deliverEmail(ctx, job, deps),
    'notify.webhook': (ctx, job) => deliverWebhook(ctx, job, deps),
  };
}
