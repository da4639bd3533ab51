/**
 * Reads a seed file (`.yaml`, `.yml` or `.json`) and validates it. I/O and parse failures are thrown as
 * ConfigError naming the file; validation problems are listed with their paths.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import type { Org } from './seed.js';
import { validateSeed } from './validate.js';

/** Parses seed text; `format` defaults to YAML (a superset of JSON). */
export function parseSeedText(text: string, format: 'yaml' | 'json' = 'yaml'): unknown {
  return format === 'json' ? JSON.parse(text) : parseYaml(text);
}

/** Reads, parses and validates a seed file into the live model. */
export async function loadSeed(path: string): Promise<Org> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read seed \`${path}\``, { cause: err });
  }
  let raw: unknown;
  try {
    raw = parseSeedText(text, path.endsWith('.json') ? 'json' : 'yaml');
  } catch (err) {
    throw new ConfigError(
      `seed \`${path}\` is not valid ${path.endsWith('.json') ? 'json' : 'yaml'}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const res = validateSeed(raw);
  if (!res.ok) {
    throw new ConfigError(
      `seed \`${path}\` is invalid:\n${res.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`,
    );
  }
  return res.org;
}
