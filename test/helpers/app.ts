import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { systemContext } from '../../src/services/context.js';
import { importOrgUnitsText } from '../../src/services/org-units-importer.js';
import { importProgrammeText } from '../../src/services/programme-importer.js';
import type { TestStore } from './stores.js';

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

export async function fixture(name: string): Promise<string> {
  return readFile(fixturePath(name), 'utf8');
}

/** Loads the small Vietnamese fixture: 8 org units and one programme. */
export async function loadFixtures(store: TestStore): Promise<void> {
  const ctx = systemContext(store.db);
  await importOrgUnitsText(ctx, await fixture('orgunits.yaml'), 'orgunits.yaml');
  await importProgrammeText(ctx, await fixture('programme.yaml'), 'programme.yaml');
}

export async function testApp(
  store: TestStore,
  now = () => new Date('2024-09-01T10:00:00Z'),
): Promise<FastifyInstance> {
  const app = await buildApp({ store, now, webRoot: '/nonexistent' });
  await app.ready();
  return app;
}
