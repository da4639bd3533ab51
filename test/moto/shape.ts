/**
 * The shape of an SDK answer as a sorted list of `path: type` lines (`repositories[].repositoryName: string`), or of
 * an SDK error as `error: <name> <HTTP status>`: what two emulators must agree on whatever values they hold.
 */

/** One line per leaf; arrays are `[]` whatever their length (an empty array is `[]: empty`). */
function shapeOf(value: unknown): string[] {
  const out = new Set<string>();
  walk(value, '', out);
  return [...out].sort();
}

function walk(v: unknown, path: string, out: Set<string>): void {
  if (v === undefined) return;
  if (v === null) out.add(`${path}: null`);
  else if (v instanceof Date) out.add(`${path}: Date`);
  else if (Array.isArray(v)) {
    if (v.length === 0) out.add(`${path}[]: empty`);
    for (const x of v) walk(x, `${path}[]`, out);
  } else if (typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => k !== '$metadata');
    if (keys.length === 0) out.add(`${path}: {}`);
    for (const k of keys) walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
  } else out.add(`${path}: ${typeof v}`);
}

/** The answer of `run`: its shape, or the error's name and HTTP status. */
export async function answerShape(run: () => Promise<unknown>): Promise<string[]> {
  try {
    return shapeOf(await run());
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return [`error: ${e.name ?? 'Error'} ${e.$metadata?.httpStatusCode ?? '?'}`];
  }
}

/** What only one side has. */
export interface ShapeDiff {
  onlySandbox: string[];
  onlyMoto: string[];
}

/** The lines each side has and the other has not. */
export function diffShapes(sandbox: string[], moto: string[]): ShapeDiff {
  return { onlySandbox: sandbox.filter((l) => !moto.includes(l)), onlyMoto: moto.filter((l) => !sandbox.includes(l)) };
}
