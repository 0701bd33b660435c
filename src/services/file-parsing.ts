/** Reading YAML or JSON files with errors that name the file, line and column. */
import { parseDocument, LineCounter } from 'yaml';
import { ValidationError, problemsFromZod, type Problem } from '../domain/errors.js';
import type { z } from 'zod';

/**
 * Parses YAML (JSON is YAML too) and validates it with a zod schema. Every syntax
 * error and every schema problem is reported at once; schema problems carry the
 * field path and, where the field exists in the file, its line.
 */
export function parseStructuredFile<S extends z.ZodType>(text: string, schema: S, fileName: string): z.output<S> {
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

function parseChecked<S extends z.ZodType>(text: string, schema: S, fileName: string): z.output<S> {
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
    const problems: Problem[] = problemsFromZod(parsed.error.issues).map((p, i) => {
      const node = doc.getIn(parsed.error.issues[i]!.path as Array<string | number>, true) as
        { range?: [number, number, number] } | undefined;
      const range = node && typeof node === 'object' && 'range' in node ? node.range : undefined;
      const where = range ? lineCounter.linePos(range[0]) : undefined;
      return { path: where ? `${p.path} (${fileName}:${where.line})` : p.path, message: p.message };
    });
    throw new ValidationError(
      problems,
      `${fileName} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    );
  }
  return parsed.data;
}
