/**
 * The notification scheduler. `runNotifications` plans today's notices and sends what
 * is due (the `mandate notify` command); `startScheduler` does the same in the server
 * process every interval: it enqueues one plan job per day (unique key, so several
 * servers enqueue it once) and drains due jobs, retries included.
 */
import { dateOf } from '../domain/dates.js';
import type { Store } from '../db/connect.js';
import { systemContext } from '../services/context.js';
import { jobsRepository } from '../db/repositories/jobs.repository.js';
import type { ServiceContext } from '../services/context.js';
import { notificationHandlers, smtpMailer, type DeliveryDeps } from '../services/notifications/delivery.js';
import { planNotices, type PlanResult } from '../services/notifications/planner.js';
import { Worker, type RunSummary, type WorkerOptions } from './queue.js';

export interface NotifyConfig {
  enabled: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  intervalMs: number;
  /** Hour of the day (UTC) from which the day's notices are planned. */
  hourUtc: number;
}

export function loadNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  return {
    enabled: (env.MANDATE_NOTIFY ?? 'on') !== 'off',
    smtpUrl: env.MANDATE_SMTP_URL || undefined,
    mailFrom: env.MANDATE_MAIL_FROM ?? 'Mandate <mandate@localhost>',
    intervalMs: Number(env.MANDATE_NOTIFY_INTERVAL_SECONDS ?? 300) * 1000,
    hourUtc: Number(env.MANDATE_NOTIFY_HOUR ?? 7),
  };
}

export function deliveryDepsFrom(config: NotifyConfig): DeliveryDeps {
  return { mailer: config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : undefined };
}

export function notificationWorker(deps: DeliveryDeps, options: WorkerOptions = {}): Worker {
  return new Worker(notificationHandlers(deps), options);
}

/** Plans the day's notices and sends everything due: what `mandate notify` does. */
export async function runNotifications(
  ctx: ServiceContext,
  deps: DeliveryDeps,
  options: { day?: string; worker?: Worker } = {},
): Promise<{ plan: PlanResult; run: RunSummary }> {
  const plan = await planNotices(ctx, options.day ?? dateOf(ctx.now()));
  const run = await (options.worker ?? notificationWorker(deps)).drain(ctx);
  return { plan, run };
}

export interface Scheduler {
  /** Runs one round now (tests call it instead of waiting for the timer). */
  tick(): Promise<RunSummary>;
  stop(): Promise<void>;
}

export function startScheduler(
  ctx: ServiceContext,
  deps: DeliveryDeps,
  config: Pick<NotifyConfig, 'intervalMs' | 'hourUtc'>,
  options: WorkerOptions & { onError?: (error: unknown) => void } = {},
): Scheduler {
  const worker = notificationWorker(deps, options);
  let running: Promise<RunSummary> | null = null;
  const round = async (): Promise<RunSummary> => {
    const now = ctx.now();
    if (now.getUTCHours() >= config.hourUtc) {
      const day = dateOf(now);
      await jobsRepository.enqueue(ctx.db, {
        kind: 'notify.plan',
        key: `notify.plan:${day}`,
        payload: { day },
        runAt: now,
      });
    }
    return worker.drain(ctx);
  };
  const tick = async () => {
    if (running) return running;
    running = round().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => {
    tick().catch((error) => options.onError?.(error));
  }, config.intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** The server's in-process scheduler, unless MANDATE_NOTIFY=off. */
export function startNotifyInServer(store: Store, env: NodeJS.ProcessEnv = process.env): Scheduler | null {
  const config = loadNotifyConfig(env);
  if (!config.enabled) return null;
  const deps = deliveryDepsFrom(config);
  const scheduler = startScheduler(systemContext(store.db), deps, config, {
    onError: (error) => console.error(`notify: ${error instanceof Error ? error.message : String(error)}`),
  });
  console.log(
    `notifications: every ${config.intervalMs / 1000} s from ${config.hourUtc}:00 UTC; e-mail ${config.smtpUrl ? 'via ' + config.smtpUrl.replace(/\/\/[^@]*@/, '//***@') : 'not configured (MANDATE_SMTP_URL)'}`,
  );
  return {
    tick: () => scheduler.tick(),
    async stop() {
      await scheduler.stop();
      deps.mailer?.close();
    },
  };
}
