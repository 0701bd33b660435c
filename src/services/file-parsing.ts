/** Reading YAML or JSON files with errors that name the file, line and column. */
import { parseDocument, LineCounter } from 'yaml';
import { ValidationError, problemsFromZod, type Problem } from '../domain/errors.js';
import type { z } from 'zod';
import type { ServiceContext } from './context.js';

/**
 * Parses YAML (JSON is YAML too) and validates it with a zod schema. Every syntax
 * error and every schema problem is reported at once; schema problems carry the
 * field path and, where the field exists in the file, its line.
 */
export function parseStructuredFile<S extends z.ZodType>(text: string, schema: S, fileName: string): z.output<S> {
  return parseLocatedFile(text, schema, fileName).data;
}

/**
 * Like parseStructuredFile, and also `locate`: a problem found later (an unknown code at
 * `findings[2].unit`) gets the line of that field in the file, as schema problems do.
 */
export function parseLocatedFile<S extends z.ZodType>(
  text: string,
  schema: S,
  fileName: string,
): { data: z.output<S>; locate: (problem: Problem) => Problem } {
  try {
    return parseChecked(text, schema, fileName);
  } catch (error) {
    // A file nested deep enough to exhaust the stack is bad input, not a server fault.
    if (error instanceof RangeError)
      throw new ValidationError(
        [{ path: fileName, message: 'nested too deeply to read' }],
        `${fileName} is not readable`,
      );
    throw error;
  }
}

/** The line of the field at a path (`a.b[2].c`) in a parsed document, as ` (file:line)`, or ''. */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  path: Array<string | number>,
  fileName: string,
) {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const range = node && typeof node === 'object' && 'range' in node ? node.range : undefined;
  const where = range ? lineCounter.linePos(range[0]) : undefined;
  return where ? ` (${fileName}:${where.line})` : '';
}

function pathParts(path: string): Array<string | number> {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

function parseChecked<S extends z.ZodType>(
  text: string,
  schema: S,
  fileName: string,
): { data: z.output<S>; locate: (problem: Problem) => Problem } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ValidationError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: pos ? `${fileName}:${pos.line}:${pos.col}` : fileName, message: e.message.split('\n')[0]! };
      }),
      `${fileName} is not valid YAML or JSON`,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml refuses a "billion laughs" file (aliases expanding without bound) with a ReferenceError.
    if (error instanceof ReferenceError && /alias/i.test(error.message))
      throw new ValidationError(
        [{ path: fileName, message: 'too many alias expansions (a YAML bomb?): write the content out instead' }],
        `${fileName} is not accepted`,
      );
    throw error;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const problems: Problem[] = problemsFromZod(parsed.error.issues).map((p, i) => ({
      path: `${p.path}${lineOf(doc, lineCounter, parsed.error.issues[i]!.path as Array<string | number>, fileName)}`,
      message: p.message,
    }));
    throw new ValidationError(
      problems,
      `${fileName} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    );
  }
  const locate = (p: Problem): Problem => ({
    path: `${p.path}${lineOf(doc, lineCounter, pathParts(p.path), fileName)}`,
    message: p.message,
  });
  return { data: parsed.data, locate };
}

/**
 * A service that imports a file from its text: parsed and checked with `schema` (every problem named
 * with its place in the file), then handed to `importer` with `locate`, which places a problem found
 * later (an unknown code) at its line too.
 */
export function textImporter<S extends z.ZodType, R>(
  schema: S,
  defaultName: string,
  importer: (ctx: ServiceContext, data: z.output<S>, locate: (p: Problem) => Problem, fileName: string) => Promise<R>,
): (ctx: ServiceContext, text: string, fileName?: string) => Promise<R> {
  return async (ctx, text, fileName = defaultName) => {
    const { data, locate } = parseLocatedFile(text, schema, fileName);
    return importer(ctx, data, locate, fileName);
  };
}
