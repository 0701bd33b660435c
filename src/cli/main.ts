/** The `mandate` command. */
import { Command, Option } from 'commander';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { loadConfig } from '../config.js';
import { openStore, type Store } from '../db/connect.js';
import { ValidationError, DomainError } from '../domain/errors.js';
import { systemContext, type ServiceContext } from '../services/context.js';
import { loadDemo } from '../services/demo.js';
import { importProgrammeText } from '../services/programme-importer.js';
import { importOrgUnitsText } from '../services/org-units-importer.js';
import { exportProgramme, programmeFileToYaml } from '../services/programme-exporter.js';
import { statusText } from './status.js';
import { draftFromText } from '../services/drafter.js';
import { decodeText } from '../extract/index.js';

interface StoreFlags {
  data?: string;
  databaseUrl?: string;
}

function storeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--data <dir>', 'PGlite data folder').env('MANDATE_DATA_DIR'))
    .addOption(new Option('--database-url <url>', 'use PostgreSQL instead of the embedded database').env('DATABASE_URL'));
}

async function withStore<T>(flags: StoreFlags, work: (store: Store, ctx: ServiceContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const databaseUrl = flags.databaseUrl ?? config.databaseUrl;
  const dataDir = flags.data ?? config.dataDir;
  if (!databaseUrl) await mkdir(dataDir, { recursive: true });
  const store = await openStore({ databaseUrl, dataDir });
  try {
    return await work(store, { ...systemContext(store.db), actor: { name: `cli:${process.env.USER ?? 'user'}` } });
  } finally {
    await store.close();
  }
}

const program = new Command('mandate').description('Plan, assign, monitor and evaluate national transformation programmes').showHelpAfterError();

storeOptions(
  program
    .command('serve')
    .description('start the web server and API')
    .addOption(new Option('--port <port>', 'port').env('PORT').default('8080'))
    .addOption(new Option('--host <host>', 'address to listen on').env('HOST').default('127.0.0.1'))
    .option('--demo', 'load the demo data when the database has no programme yet'),
).action(async (flags: StoreFlags & { port: string; host: string; demo?: boolean }) => {
  const config = loadConfig();
  const databaseUrl = flags.databaseUrl ?? config.databaseUrl;
  const dataDir = flags.data ?? config.dataDir;
  if (!databaseUrl) await mkdir(dataDir, { recursive: true });
  const store = await openStore({ databaseUrl, dataDir });
  if (flags.demo) {
    const summary = await loadDemo(systemContext(store.db));
    if (summary.loaded) console.log(`demo loaded: ${summary.units} org units, ${summary.programmes.length} programmes, ${summary.assignments} assignments, ${summary.reports} synthetic reports`);
  }
  const { buildApp } = await import('../api/app.js');
  const app = await buildApp({ store, logger: process.env.MANDATE_LOG === '1' });
  const address = await app.listen({ port: Number(flags.port), host: flags.host });
  console.log(`Mandate serving on ${address} (store: ${store.kind}, ${store.location}); API docs at ${address}/api/docs`);
  const stop = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});

storeOptions(program.command('demo').description('load the demo data set (real programmes, synthetic progress)')).action(async (flags: StoreFlags) => {
  await withStore(flags, async (_store, ctx) => {
    const summary = await loadDemo(ctx);
    console.log(summary.loaded ? `demo loaded: ${summary.units} org units, programmes ${summary.programmes.join(', ')}, ${summary.assignments} assignments, ${summary.reports} synthetic reports` : 'the database has programmes already: demo not loaded');
  });
});

const importCmd = program.command('import').description('import a file (all or nothing)');
storeOptions(importCmd.command('programme <file>').description('import a programme file (YAML or JSON)')).action(async (file: string, flags: StoreFlags) => {
  const text = await readFile(file, 'utf8');
  await withStore(flags, async (_s, ctx) => {
    const s = await importProgrammeText(ctx, text, file);
    console.log(`imported programme ${s.programme}: ${s.nodes} nodes, ${s.tasks} tasks, ${s.assignments} assignments`);
  });
});
storeOptions(importCmd.command('orgunits <file>').description('import an org-unit tree file')).action(async (file: string, flags: StoreFlags) => {
  const text = await readFile(file, 'utf8');
  await withStore(flags, async (_s, ctx) => {
    const s = await importOrgUnitsText(ctx, text, file);
    console.log(`imported ${s.units} org units`);
  });
});

const exportCmd = program.command('export').description('export data');
storeOptions(
  exportCmd
    .command('programme <code>')
    .description('export a programme file')
    .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
    .option('-o, --output <file>', 'write to a file instead of standard output'),
).action(async (code: string, flags: StoreFlags & { format: 'yaml' | 'json'; output?: string }) => {
  await withStore(flags, async (_s, ctx) => {
    const file = await exportProgramme(ctx, code);
    const text = flags.format === 'json' ? `${JSON.stringify(file, null, 2)}\n` : programmeFileToYaml(file);
    if (flags.output) await writeFile(flags.output, text);
    else process.stdout.write(text);
  });
});

storeOptions(
  program
    .command('status')
    .description('a text summary: counts by timeliness state and the top overdue assignments')
    .option('-p, --programme <code>', 'one programme (default: each programme)')
    .option('-u, --unit <code>', 'only an org-unit subtree')
    .option('--as-of <date>', 'evaluate as of this day (YYYY-MM-DD)')
    .addOption(new Option('--lang <lang>', 'language of names').choices(['vi', 'en', 'zh', 'ar']).default('en'))
    .option('--top <n>', 'how many overdue assignments to list', '10'),
).action(async (flags: StoreFlags & { programme?: string; unit?: string; asOf?: string; lang: 'vi' | 'en' | 'zh' | 'ar'; top: string }) => {
  await withStore(flags, async (_s, ctx) => {
    process.stdout.write(await statusText(ctx, { programme: flags.programme, unit: flags.unit, asOf: flags.asOf, lang: flags.lang, top: Number(flags.top) }));
  });
});

storeOptions(
  program
    .command('draft <file>')
    .description('propose a programme file from a policy text (vi, en, zh, ar), for review before `mandate import programme`')
    .option('-o, --output <file>', 'where to write the draft YAML (default: FILE with .draft.yaml)')
    .option('--spans <file>', 'also write the source spans of every item as JSON')
    .option('--code <code>', 'programme code for the draft')
    .addOption(new Option('--lang <lang>', 'the text\'s language (default: detected)').choices(['vi', 'en', 'zh', 'ar'])),
).action(async (file: string, flags: StoreFlags & { output?: string; spans?: string; code?: string; lang?: 'vi' | 'en' | 'zh' | 'ar' }) => {
  let text: string;
  try {
    text = decodeText(new Uint8Array(await readFile(file)));
  } catch (error) {
    throw new ValidationError([{ path: file, message: (error as Error).message }], 'cannot read the text');
  }
  await withStore(flags, async (_s, ctx) => {
    const draft = await draftFromText(ctx, text, { code: flags.code, language: flags.lang, source: file.split('/').pop() });
    const output = flags.output ?? file.replace(/(\.[a-z]+)?$/i, '.draft.yaml');
    await writeFile(output, draft.yaml);
    if (flags.spans) await writeFile(flags.spans, `${JSON.stringify(draft.spans, null, 2)}\n`);
    console.log(draft.summary);
    console.log(`draft written to ${output}${flags.spans ? `, spans to ${flags.spans}` : ''}; review it, then: mandate import programme ${output}`);
  });
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ValidationError || error instanceof DomainError) {
    console.error(`mandate: ${error.message}`);
    process.exit(error instanceof ValidationError ? 2 : 1);
  }
  console.error(error instanceof Error ? `mandate: ${error.message}` : error);
  process.exit(1);
}
