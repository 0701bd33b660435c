/**
 * The outbox (issue 17): writes made without a network — progress reports, and any other form
 * that calls `queueWrite` — are kept in IndexedDB and sent when the network returns, as ODK
 * Collect keeps filled forms. Each write carries a client-made key sent as the `Idempotency-Key`
 * header, so a resend after a lost answer stores nothing twice (src/services/idempotency.ts).
 *
 * An item is `waiting` (not sent yet, or its answer was lost), `sending`, `sent`, or `refused`
 * with the server's reason (409 the assignment changed, 403 out of scope, 422 / 400 the content)
 * until the user fixes it or deletes it. A waiting item that was never tried can be edited; once
 * a send may have reached the server, only its answer is awaited (editing would be another write).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { useSyncExternalStore } from 'react';
import { api, ApiError, type Problem } from '../api/client';

export type OutboxStatus = 'waiting' | 'sending' | 'sent' | 'refused';

export interface OutboxRefusal {
  status: number;
  code: string;
  message: string;
  problems: Problem[];
}

export interface OutboxItem {
  /** The item's own id (client-made). */
  id: string;
  /** The Idempotency-Key of the current content (a new one after an edit of a refused item). */
  key: string;
  /** Who made it (user name): only their own items are sent under their session. */
  owner: string;
  /** What it is: `report`, or another form's name; pages filter by it. */
  kind: string;
  method: 'POST' | 'PUT' | 'PATCH';
  /** API path without /api, e.g. `/assignments/12/reports`. */
  path: string;
  body: unknown;
  /** What the user sees in the list (the assignment's title). */
  title: string;
  /** The page where the item is edited or fixed. */
  link: string;
  createdAt: string;
  updatedAt: string;
  status: OutboxStatus;
  /** Sends whose answer never came (the server may hold the item already). */
  attempts: number;
  sentAt?: string | undefined;
  refusal?: OutboxRefusal | undefined;
}

interface OutboxDb extends DBSchema {
  items: { key: string; value: OutboxItem; indexes: { byCreated: string } };
}

const SENT_KEPT_MS = 7 * 86_400_000;

let dbPromise: Promise<IDBPDatabase<OutboxDb>> | undefined;
function db(): Promise<IDBPDatabase<OutboxDb>> {
  dbPromise ??= openDB<OutboxDb>('mandate-outbox', 1, {
    upgrade(d) {
      d.createObjectStore('items', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
    },
  });
  return dbPromise;
}

let owner: string | null = null;
/** The signed-in user (the auth provider sets it); null: nobody, nothing is sent. */
export function setOutboxOwner(username: string | null): void {
  if (owner === username) return;
  owner = username;
  snapshot = [...snapshot]; // a new snapshot: lists re-render for this user
  for (const l of listeners) l();
}

export function newClientId(): string {
  return crypto.randomUUID();
}

// ---- a snapshot for React ----

let snapshot: OutboxItem[] = [];
const listeners = new Set<() => void>();
let loaded: Promise<void> | undefined;

async function reload(): Promise<void> {
  snapshot = await (await db()).getAllFromIndex('items', 'byCreated');
  for (const l of listeners) l();
}

/** Loads the outbox once per page: items left `sending` by a closed page may have reached the server. */
function load(): Promise<void> {
  loaded ??= (async () => {
    const d = await db();
    const now = Date.now();
    for (const item of await d.getAll('items')) {
      if (item.status === 'sending') await d.put('items', { ...item, status: 'waiting', attempts: item.attempts + 1 });
      else if (item.status === 'sent' && now - Date.parse(item.sentAt ?? item.updatedAt) > SENT_KEPT_MS)
        await d.delete('items', item.id);
    }
    await reload();
  })();
  return loaded;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  void load();
  return () => listeners.delete(listener);
}

/** The signed-in user's items, oldest first, optionally of one kind; re-renders on every change. */
export function useOutbox(kind?: string): OutboxItem[] {
  const all = useSyncExternalStore(subscribe, () => snapshot);
  return all.filter((i) => i.owner === owner && (!kind || i.kind === kind));
}

async function put(item: OutboxItem): Promise<void> {
  await (await db()).put('items', item);
  await reload();
}

export async function getOutboxItem(id: string): Promise<OutboxItem | undefined> {
  return (await db()).get('items', id);
}

// ---- changes ----

export interface WriteRequest {
  kind: string;
  method?: 'POST' | 'PUT' | 'PATCH';
  path: string;
  body: unknown;
  title: string;
  link: string;
}

/** Keeps a write in the outbox and tries to send it at once (when the browser is online). */
export async function queueWrite(request: WriteRequest, id = newClientId()): Promise<OutboxItem> {
  await load();
  if (!owner) throw new Error('sign in first');
  const now = new Date().toISOString();
  const item: OutboxItem = {
    id,
    key: id,
    owner,
    kind: request.kind,
    method: request.method ?? 'POST',
    path: request.path,
    body: request.body,
    title: request.title,
    link: request.link,
    createdAt: now,
    updatedAt: now,
    status: 'waiting',
    attempts: 0,
  };
  await put(item);
  void flushOutbox();
  return item;
}

/** May the item's content still change? Not once a send may have reached the server. */
export function canEdit(item: OutboxItem): boolean {
  return item.status === 'refused' || (item.status === 'waiting' && item.attempts === 0);
}

/** New content for a waiting or refused item; a refused one is sent again under a new key. */
export async function editOutboxItem(id: string, body: unknown): Promise<void> {
  const item = await getOutboxItem(id);
  if (!item || !canEdit(item)) throw new Error('this item can no longer be changed');
  await put({
    ...item,
    body,
    key: item.status === 'refused' ? newClientId() : item.key,
    status: 'waiting',
    refusal: undefined,
    updatedAt: new Date().toISOString(),
  });
  void flushOutbox();
}

export async function deleteOutboxItem(id: string): Promise<void> {
  const item = await getOutboxItem(id);
  if (item?.status === 'sending') throw new Error('this item is being sent');
  await (await db()).delete('items', id);
  await reload();
}

export async function clearSent(): Promise<void> {
  const d = await db();
  for (const item of await d.getAll('items')) if (item.status === 'sent') await d.delete('items', item.id);
  await reload();
}

// ---- sending ----

/** Answers that mean "try again later": no network, server busy or restarting, session to renew. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return (
    error.status === 0 ||
    error.status === 401 ||
    error.status === 408 ||
    error.status === 429 ||
    error.status >= 500 ||
    (error.status === 403 && error.code === 'csrf')
  );
}

const sentListeners = new Set<(item: OutboxItem) => void>();
/** Called after each item the server accepted (the app refreshes its queries). */
export function onOutboxSent(listener: (item: OutboxItem) => void): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

let flushing: Promise<void> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryDelay = 5_000;

/** Sends every waiting item, oldest first; stops at the first transient failure and retries later. */
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    try {
      await flushOnce();
    } finally {
      flushing = undefined;
    }
  })();
  return flushing;
}

async function flushOnce(): Promise<void> {
  await load();
  if (!navigator.onLine || !owner) return;
  const d = await db();
  for (const item of await d.getAllFromIndex('items', 'byCreated')) {
    if (item.status !== 'waiting' || item.owner !== owner) continue;
    const current = await d.get('items', item.id); // edited or deleted meanwhile?
    if (!current || current.status !== 'waiting') continue;
    await put({ ...current, status: 'sending' });
    try {
      await api(current.path, {
        method: current.method,
        body: current.body,
        headers: { 'idempotency-key': current.key },
      });
      const sent: OutboxItem = { ...current, status: 'sent', sentAt: new Date().toISOString(), refusal: undefined };
      await put(sent);
      retryDelay = 5_000;
      for (const l of sentListeners) l(sent);
    } catch (error) {
      if (isTransient(error)) {
        // No answer (or a server failure): the write may be stored already, so the same key next time.
        const unknown = !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
        await put({ ...current, status: 'waiting', attempts: current.attempts + (unknown ? 1 : 0) });
        scheduleRetry();
        return;
      }
      const e = error as ApiError;
      await put({
        ...current,
        status: 'refused',
        refusal: { status: e.status, code: e.code, message: e.message, problems: e.problems },
        updatedAt: new Date().toISOString(),
      });
    }
  }
}

function scheduleRetry(): void {
  if (retryTimer) return;
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    void flushOutbox();
  }, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 300_000);
}

/** Starts sending when the network comes back (the app also flushes once it knows the session). */
export function startOutbox(beforeFlush: () => Promise<void>): () => void {
  const online = () => {
    retryDelay = 5_000;
    void beforeFlush()
      .catch(() => undefined)
      .then(() => flushOutbox());
  };
  window.addEventListener('online', online);
  return () => window.removeEventListener('online', online);
}

/**
 * What a form calls on submit: keeps the write (or the new content of a queued item) in the
 * outbox and tries to send it now. Returns the item as it stands: `sent`, `waiting` (no network:
 * it goes later), or `refused` with the server's reason. A sent item leaves the outbox, and so does
 * a new item refused at once — the form still holds it and shows the problems.
 */
export async function submitThroughOutbox(request: WriteRequest, queuedId?: string): Promise<OutboxItem> {
  const id = queuedId ?? newClientId();
  if (queuedId) await editOutboxItem(queuedId, request.body);
  else await queueWrite(request, id);
  await flushOutbox();
  let item = await getOutboxItem(id);
  if (item?.status === 'waiting' && item.attempts === 0 && navigator.onLine && owner) {
    await flushOutbox(); // it came in while an earlier round was already under way
    item = await getOutboxItem(id);
  }
  if (!item) throw new Error('deleted meanwhile');
  if (item.status === 'sent' || (item.status === 'refused' && !queuedId)) await deleteOutboxItem(id);
  return item;
}
