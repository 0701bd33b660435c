/** `mandate inspection import <file>` and `mandate inspection export <code>` (docs/inspections.md). */
import { Option, type Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import type { Store } from '../db/connect.js';
import type { ServiceContext } from '../services/context.js';
import { importInspectionText } from '../services/inspections/inspection-importer.js';
import { exportInspectionText } from '../services/inspections/inspection-exporter.js';

type WithStore = <T>(flags: object, work: (store: Store, ctx: ServiceContext) => Promise<T>) => Promise<T>;

export function registerInspectionCommands(
  program: Command,
  storeOptions: (cmd: Command) => Command,
  withStore: WithStore,
): void {
  const cmd = program.command('inspection').description('inspections: plan, findings, recommendations, conclusion');
  storeOptions(
    cmd
      .command('import <file>')
      .description('import an inspection file (YAML or JSON): all or nothing, every problem with its path and line'),
  ).action(async (file: string, flags: object) => {
    const text = await readFile(file, 'utf8');
    await withStore(flags, async (_s, ctx) => {
      const s = await importInspectionText(ctx, text, file);
      console.log(
        `imported inspection ${s.inspection} (${s.status}): ${s.units} units, ${s.findings} findings (${s.flagged} flagged), ${s.recommendations} recommendations`,
      );
    });
  });
  storeOptions(
    cmd
      .command('export <code>')
      .description('export an inspection file')
      .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
      .option('-o, --output <file>', 'write to a file instead of standard output'),
  ).action(async (code: string, flags: { format: 'yaml' | 'json'; output?: string }) => {
    await withStore(flags, async (_s, ctx) => {
      const text = await exportInspectionText(ctx, code, flags.format);
      if (flags.output) await writeFile(flags.output, text);
      else process.stdout.write(text);
    });
  });
}
