/** The `mandate` command. */
import { pdfPrinter } from '../services/meeting-report/pdf-printer.js';
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
import { closeDrafting, configureDrafting, draftFromText } from '../services/drafter.js';
import { decodeText } from '../extract/index.js';
import {
  addUser,
  createToken,
  DEFAULT_DEMO_PASSWORD,
  ensureDemoUsers,
  ensureFirstAdmin,
  grantRole,
  listUsers,
  revokeRole,
  setDisabled,
  setPassword,
  DEMO_USERS,
} from '../services/users.js';
import { randomSecret } from '../services/auth.js';
import { verifyAudit } from '../services/audit.js';
import { ROLES, type Role } from '../domain/actor.js';
import { LANGUAGES, type Language } from '../domain/languages.js';
import {
  exportValues,
  formatOf,
  importValues,
  VALUE_FILE_FORMATS,
  type ValueFileFormat,
} from '../services/value-files.js';
import { importIndicatorText } from '../services/indicator-file.js';
import { importDataSetsText } from '../services/data-sets.js';
import { registerNotifyCommands } from './notify-commands.js';
import { getUnitKindRules, setUnitKindRules } from '../services/org-unit-kinds.js';
import { parseStructuredFile } from '../services/file-parsing.js';
import { unitKindRulesSchema } from '../domain/org-unit-kinds.js';
import { stringify as toYaml } from 'yaml';
import { registerInspectionCommands } from './inspection-commands.js';

interface StoreFlags {
  data?: string;
  databaseUrl?: string;
}

function storeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--data <dir>', 'PGlite data folder').env('MANDATE_DATA_DIR'))
    .addOption(
      new Option('--database-url <url>', 'use PostgreSQL instead of the embedded database').env('DATABASE_URL'),
    );
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
    await pdfPrinter.close(); // a PDF command leaves no Chromium behind
    await closeDrafting(); // nor a draft worker thread
    await store.close();
  }
}

const program = new Command('mandate')
  .description('Plan, assign, monitor and evaluate national transformation programmes')
  .showHelpAfterError();

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
  const store = await openStore({ databaseUrl, dataDir, readUrl: databaseUrl ? config.readUrl : undefined });
  if (flags.demo) {
    const summary = await loadDemo(systemContext(store.db));
    if (summary.loaded)
      console.log(
        `demo loaded: ${summary.units} org units, ${summary.programmes.length} programmes, ${summary.assignments} assignments, ${summary.reports} synthetic reports`,
      );
    await announceDemoUsers(store);
  }
  await announceFirstAdmin(store);
  const { buildApp } = await import('../api/app.js');
  // Warnings and errors (every 5xx with its request id) always; MANDATE_LOG_LEVEL=info (or MANDATE_LOG=1) for more.
  const level = process.env.MANDATE_LOG_LEVEL ?? (process.env.MANDATE_LOG === '1' ? 'info' : 'warn');
  const app = await buildApp({ store, logger: { level } });
  const address = await app.listen({ port: Number(flags.port), host: flags.host });
  console.log(
    `Mandate serving on ${address} (store: ${store.kind}, ${store.location}); API docs at ${address}/api/docs`,
  );
  const { startNotifyInServer } = await import('../jobs/scheduler.js');
  const scheduler = startNotifyInServer(store);
  const { startAuditSequencer } = await import('../jobs/audit-sequencer.js');
  let lastSequencerError = 0;
  const sequencer = startAuditSequencer(store.db, {
    onError: (error) => {
      if (Date.now() - lastSequencerError < 5000) return;
      lastSequencerError = Date.now();
      console.error(`audit sequencer: ${error instanceof Error ? error.message : String(error)} (retrying)`);
    },
  });
  const stop = async () => {
    await sequencer.stop();
    await scheduler?.stop();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
});

storeOptions(
  program
    .command('demo')
    .description('load the demo data set (real programmes, synthetic progress) and the demo users'),
).action(async (flags: StoreFlags) => {
  await withStore(flags, async (store, ctx) => {
    const summary = await loadDemo(ctx);
    console.log(
      summary.loaded
        ? `demo loaded: ${summary.units} org units, programmes ${summary.programmes.join(', ')}, ${summary.assignments} assignments, ${summary.reports} synthetic reports, ${summary.indicators} indicators with ${summary.values} values`
        : 'the database has programmes already: demo not loaded',
    );
    await announceDemoUsers(store);
  });
});

/** Creates the demo users (docs/security.md) and prints how to sign in. */
async function announceDemoUsers(store: Store): Promise<void> {
  const password = process.env.MANDATE_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const created = await ensureDemoUsers(systemContext(store.db), password);
  if (created.length) console.log(`demo users created: ${created.join(', ')}`);
  console.log(
    `demo sign-in: ${DEMO_USERS.map((u) => u.username).join(', ')} — password ${process.env.MANDATE_DEMO_PASSWORD ? 'from MANDATE_DEMO_PASSWORD' : `"${DEFAULT_DEMO_PASSWORD}"`} (demo only: never on real data)`,
  );
}

/** First start with no users: creates `admin` with a one-time password and prints it once. */
async function announceFirstAdmin(store: Store): Promise<void> {
  const first = await ensureFirstAdmin(systemContext(store.db));
  if (!first) return;
  console.log('');
  console.log('  No users yet: created the administrator account.');
  console.log(`    username: ${first.username}`);
  console.log(`    password: ${first.password}`);
  console.log('  This password is shown once. Sign in, then set your own: mandate user passwd admin');
  console.log('');
}

const parseGrant = (text: string): { role: Role; unit?: string } => {
  const [role, unit] = text.split(':', 2) as [string, string | undefined];
  if (!(ROLES as readonly string[]).includes(role))
    throw new ValidationError([{ path: 'grant', message: `unknown role ${role}: one of ${ROLES.join(', ')}` }]);
  return { role: role as Role, ...(unit ? { unit } : {}) };
};

const userCmd = program.command('user').description('users and their role grants (role × org-unit subtree)');
storeOptions(
  userCmd
    .command('add <username>')
    .description(
      'create a user; prints a generated password unless MANDATE_NEW_PASSWORD is set or --no-password (OIDC-only)',
    )
    .option('--name <name>', 'display name')
    .option('--no-password', 'no password: the user signs in with OpenID Connect only')
    .option('-g, --grant <role:unit...>', 'grants such as secretariat:VN reporter:VN-HN admin'),
).action(async (username: string, flags: StoreFlags & { name?: string; password: boolean; grant?: string[] }) => {
  await withStore(flags, async (_s, ctx) => {
    const password = flags.password ? process.env.MANDATE_NEW_PASSWORD || randomSecret(15) : undefined;
    const user = await addUser(ctx, {
      username,
      name: flags.name,
      password,
      grants: (flags.grant ?? []).map(parseGrant),
    });
    console.log(
      `created ${user.username}: ${user.grants.map((g) => `${g.role}${g.unit ? `:${g.unit}` : ''}`).join(' ') || 'no grants yet'}`,
    );
    if (password && !process.env.MANDATE_NEW_PASSWORD) console.log(`password (shown once): ${password}`);
  });
});
storeOptions(userCmd.command('list').description('users and their grants')).action(async (flags: StoreFlags) => {
  await withStore(flags, async (_s, ctx) => {
    for (const u of await listUsers(ctx)) {
      console.log(
        `${u.username.padEnd(24)} ${u.grants.map((g) => `${g.role}${g.unit ? `:${g.unit}` : ''}`).join(' ') || '-'}${u.disabled ? '  (disabled)' : ''}${u.oidc ? '  (oidc)' : ''}`,
      );
    }
  });
});
storeOptions(
  userCmd
    .command('grant <username> <role> [unit]')
    .description('grant a role over an org unit and everything under it (admin: no unit)'),
).action(async (username: string, role: string, unit: string | undefined, flags: StoreFlags) => {
  await withStore(flags, async (_s, ctx) => {
    const u = await grantRole(ctx, username, parseGrant(role).role, unit);
    console.log(`${u.username}: ${u.grants.map((g) => `${g.role}${g.unit ? `:${g.unit}` : ''}`).join(' ')}`);
  });
});
storeOptions(userCmd.command('revoke <username> <role> [unit]').description('revoke a grant')).action(
  async (username: string, role: string, unit: string | undefined, flags: StoreFlags) => {
    await withStore(flags, async (_s, ctx) => {
      const u = await revokeRole(ctx, username, parseGrant(role).role, unit);
      console.log(
        `${u.username}: ${u.grants.map((g) => `${g.role}${g.unit ? `:${g.unit}` : ''}`).join(' ') || 'no grants'}`,
      );
    });
  },
);
storeOptions(
  userCmd
    .command('passwd <username>')
    .description('set a new password (MANDATE_NEW_PASSWORD, else generated and printed); ends their sessions'),
).action(async (username: string, flags: StoreFlags) => {
  await withStore(flags, async (_s, ctx) => {
    const password = process.env.MANDATE_NEW_PASSWORD || randomSecret(15);
    await setPassword(ctx, username, password);
    console.log(
      process.env.MANDATE_NEW_PASSWORD
        ? `password of ${username} set`
        : `new password of ${username} (shown once): ${password}`,
    );
  });
});
storeOptions(
  userCmd.command('disable <username>').description('disable a user: ends sessions, tokens stop working'),
).action(async (username: string, flags: StoreFlags) => {
  await withStore(flags, async (_s, ctx) => setDisabled(ctx, username, true));
});
storeOptions(userCmd.command('enable <username>').description('enable a disabled user')).action(
  async (username: string, flags: StoreFlags) => {
    await withStore(flags, async (_s, ctx) => setDisabled(ctx, username, false));
  },
);

storeOptions(
  program
    .command('token <username>')
    .description("create an API token for a user (scope within the user's grants); the secret is printed once")
    .requiredOption('--name <name>', 'what the token is for')
    .option('--days <n>', 'days until it expires', '90')
    .option('-g, --grant <role:unit...>', 'narrower scope (default: all of the user’s grants)'),
).action(async (username: string, flags: StoreFlags & { name: string; days: string; grant?: string[] }) => {
  await withStore(flags, async (_s, ctx) => {
    const t = await createToken(
      ctx,
      {
        name: flags.name,
        expiresInDays: Number(flags.days),
        ...(flags.grant ? { grants: flags.grant.map(parseGrant) } : {}),
      },
      username,
    );
    console.log(
      `token ${t.id} for ${username}, expires ${t.expiresAt}: ${t.grants.map((g) => `${g.role}${g.unit ? `:${g.unit}` : ''}`).join(' ')}`,
    );
    console.log(t.token);
  });
});

storeOptions(
  program
    .command('verify-audit')
    .description(
      'check the whole audit trail: the old hash chain, every event, the Merkle tree, its signed heads and proofs; names the first broken event',
    )
    .option(
      '--expect-head <head>',
      'a head recorded elsewhere: "size:root" of a published tree head, or an old chain hash (also catches events cut off the end)',
    )
    .option('--sequence', 'first place events still waiting for the sequencer into the tree (writes signed heads)'),
).action(async (flags: StoreFlags & { expectHead?: string; sequence?: boolean }) => {
  await withStore(flags, async (store) => {
    if (flags.sequence) {
      const { auditSigner, sequenceAll } = await import('../services/audit-log.js');
      await sequenceAll(store.db, await auditSigner(store.db));
    }
    const verdict = await verifyAudit(store.db, { expectHead: flags.expectHead });
    if (verdict.ok) {
      console.log(
        `audit trail intact: ${verdict.events} events; head ${verdict.head}; tree ${verdict.treeSize} leaves under ${verdict.signedHeads} signed heads${verdict.pending ? `; ${verdict.pending} awaiting the sequencer` : ''}`,
      );
      return;
    }
    console.error(
      `audit trail BROKEN at event ${verdict.broken!.seq}: ${verdict.broken!.reason} (${verdict.events} events verified before it)`,
    );
    process.exitCode = 3;
  });
});

const importCmd = program.command('import').description('import a file (all or nothing)');
storeOptions(importCmd.command('programme <file>').description('import a programme file (YAML or JSON)')).action(
  async (file: string, flags: StoreFlags) => {
    const text = await readFile(file, 'utf8');
    await withStore(flags, async (_s, ctx) => {
      const s = await importProgrammeText(ctx, text, file);
      console.log(
        `imported programme ${s.programme}: ${s.nodes} nodes, ${s.tasks} tasks, ${s.assignments} assignments`,
      );
    });
  },
);
storeOptions(importCmd.command('orgunits <file>').description('import an org-unit tree file')).action(
  async (file: string, flags: StoreFlags) => {
    const text = await readFile(file, 'utf8');
    await withStore(flags, async (_s, ctx) => {
      const s = await importOrgUnitsText(ctx, text, file);
      console.log(`imported ${s.units} org units`);
    });
  },
);

storeOptions(
  importCmd
    .command('values <file>')
    .description(
      'import data values: CSV or XLSX (indicator,unit,period,value,source,comment) or a DHIS2 data value set (JSON); all or nothing',
    )
    .addOption(
      new Option('--format <format>', 'file format (default: from the file name)').choices([...VALUE_FILE_FORMATS]),
    )
    .option('--scope <unit>', "refuse rows outside this org unit's subtree"),
).action(async (file: string, flags: StoreFlags & { format?: ValueFileFormat; scope?: string }) => {
  const format = flags.format ?? formatOf(file);
  const data = format === 'xlsx' ? await readFile(file) : await readFile(file, 'utf8');
  await withStore(flags, async (_s, ctx) => {
    const started = Date.now();
    const s = await importValues(ctx, data, format, file, { scope: flags.scope });
    console.log(
      `${file} (${format}): imported ${s.imported}, updated ${s.updated}, ignored ${s.ignored} values in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});
storeOptions(
  importCmd
    .command('indicators <file>')
    .description('import an indicator file (mandate.indicators/1: definitions, targets, values, composite indices)'),
).action(async (file: string, flags: StoreFlags) => {
  const text = await readFile(file, 'utf8');
  await withStore(flags, async (_s, ctx) => {
    const s = await importIndicatorText(ctx, text, file);
    console.log(
      `imported ${s.indicators} indicators, ${s.targets} targets, ${s.values} values, ${s.synthetic} synthetic values, ${s.compositeIndices} composite indices`,
    );
  });
});

storeOptions(
  importCmd
    .command('datasets <file>')
    .description(
      'import a data set file (mandate.datasets/1: indicators reported together, by whom, when), all or nothing',
    ),
).action(async (file: string, flags: StoreFlags) => {
  const text = await readFile(file, 'utf8');
  await withStore(flags, async (_s, ctx) => {
    const s = await importDataSetsText(ctx, text, file);
    console.log(`imported ${s.dataSets.length} data sets: ${s.dataSets.join(', ')}`);
  });
});

storeOptions(
  program
    .command('unit-kinds')
    .description('print which unit kinds may be created under which, or replace the rules from a YAML/JSON file')
    .option(
      '--set <file>',
      'a file mapping each kind to the kinds allowed under it, e.g. "province: [district, commune]"',
    ),
).action(async (flags: StoreFlags & { set?: string }) => {
  await withStore(flags, async (s, ctx) => {
    const rules = flags.set
      ? await setUnitKindRules(
          ctx,
          parseStructuredFile(await readFile(flags.set, 'utf8'), unitKindRulesSchema, flags.set),
        )
      : await getUnitKindRules(s.db);
    process.stdout.write(toYaml(rules));
  });
});

const exportCmd = program.command('export').description('export data');
storeOptions(
  exportCmd
    .command('values')
    .description('export stored data values')
    .option('--indicator <codes>', 'indicator code(s), comma-separated (default: all)')
    .option('--unit <code>', 'only this org unit and its subtree')
    .option('--from <period>', 'first period (2024, 2024Q1, 2024M03 or 202403)')
    .option('--to <period>', 'last period')
    .option('--approved-only', 'only approved values')
    .addOption(
      new Option('--format <format>', 'csv, xlsx or dhis2 (JSON)').choices([...VALUE_FILE_FORMATS]).default('csv'),
    )
    .option('-o, --output <file>', 'write to a file instead of standard output'),
).action(
  async (
    flags: StoreFlags & {
      indicator?: string;
      unit?: string;
      from?: string;
      to?: string;
      approvedOnly?: boolean;
      format: ValueFileFormat;
      output?: string;
    },
  ) => {
    await withStore(flags, async (_s, ctx) => {
      const file = await exportValues(
        ctx,
        {
          indicator: flags.indicator,
          unit: flags.unit,
          from: flags.from,
          to: flags.to,
          approvedOnly: flags.approvedOnly,
        },
        flags.format,
      );
      if (flags.output) {
        await writeFile(flags.output, file.body);
        console.error(`exported ${file.count} values to ${flags.output}`);
      } else if (flags.format === 'xlsx') throw new DomainError('XLSX is binary: give --output FILE');
      else process.stdout.write(file.body);
    });
  },
);
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
    .addOption(new Option('--lang <lang>', 'language of names').choices(LANGUAGES).default('en'))
    .option('--top <n>', 'how many overdue assignments to list', '10'),
).action(
  async (
    flags: StoreFlags & {
      programme?: string;
      unit?: string;
      asOf?: string;
      lang: Language;
      top: string;
    },
  ) => {
    await withStore(flags, async (_s, ctx) => {
      process.stdout.write(
        await statusText(ctx, {
          programme: flags.programme,
          unit: flags.unit,
          asOf: flags.asOf,
          lang: flags.lang,
          top: Number(flags.top),
        }),
      );
    });
  },
);

storeOptions(
  program
    .command('draft <file>')
    .description(
      'propose a programme file from a policy text (vi, en, zh, ar), for review before `mandate import programme`',
    )
    .option('-o, --output <file>', 'where to write the draft YAML (default: FILE with .draft.yaml)')
    .option('--spans <file>', 'also write the source spans of every item as JSON')
    .option('--code <code>', 'programme code for the draft')
    .addOption(new Option('--lang <lang>', "the text's language (default: detected)").choices(LANGUAGES)),
).action(
  async (file: string, flags: StoreFlags & { output?: string; spans?: string; code?: string; lang?: Language }) => {
    let text: string;
    try {
      text = decodeText(new Uint8Array(await readFile(file)));
    } catch (error) {
      throw new ValidationError([{ path: file, message: (error as Error).message }], 'cannot read the text');
    }
    // The operator's own file: more time and memory than a draft sent over the API may use.
    await configureDrafting({ timeoutMs: 10 * 60_000, memoryMb: 4096 });
    await withStore(flags, async (_s, ctx) => {
      const draft = await draftFromText(ctx, text, {
        code: flags.code,
        language: flags.lang,
        source: file.split('/').pop(),
      });
      const output = flags.output ?? file.replace(/(\.[a-z]+)?$/i, '.draft.yaml');
      await writeFile(output, draft.yaml);
      if (flags.spans) await writeFile(flags.spans, `${JSON.stringify(draft.spans, null, 2)}\n`);
      console.log(draft.summary);
      console.log(
        `draft written to ${output}${flags.spans ? `, spans to ${flags.spans}` : ''}; review it, then: mandate import programme ${output}`,
      );
    });
  },
);

registerNotifyCommands(program, storeOptions, withStore);
registerInspectionCommands(program, storeOptions, withStore);

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
