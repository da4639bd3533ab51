/**
 * The import graph of lib/ and functions/, read from the sources, and the rules of its direction (house-style.md
 * "Layout"; issue 10): edges -> core -> model, no pure folder imports an edge, no two folders import each other,
 * no file imports itself back through a loop.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The pure folders by layer: a pure folder imports only pure folders of a LOWER layer. `lib/model` (the shared
 * contracts) and `lib/errors.ts` (the root error class and ValidationError) are the ground: they import nothing of
 * lib. `catalog` and `findings` read only model and evaluate-level data; `rules` lint with the catalog; `analyze`
 * composes them all.
 */
const PURE_LAYERS: Record<string, number> = {
  'lib/model': 0,
  'lib/errors': 0,
  'lib/policy': 1,
  'lib/evaluate': 2,
  'lib/catalog': 3,
  'lib/findings': 3,
  'lib/rules': 4,
  'lib/analyze': 5,
};

/** The edges: they may import the core and each other, as long as no two of them import each other. */
const EDGES = ['lib/collect', 'lib/publish', 'lib/run', 'lib/sandbox', 'lib/cli', 'functions'];

/** One import of one file: both as paths from the repository root (`lib/analyze/zone-access.ts`). */
export interface ImportEdge {
  from: string;
  to: string;
}

const SPECIFIER =
  /(?:^|[\n;])\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative module specifiers a source text imports (static, re-exports, side effects, dynamic). */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith('.')) out.push(spec);
  }
  return out;
}

/** The folder a file belongs to: `lib/<folder>`, `lib/<file>` for a file at lib's root, or `functions`. */
export function unitOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'functions') return 'functions';
  return parts.length === 2 ? `lib/${parts[1].replace(/\.ts$/, '')}` : `lib/${parts[1]}`;
}

/** Every .ts file under `dir` (none when it does not exist). */
export function tsFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(tsFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Reads every import between files of lib/ and functions/ under `root`. */
export function readImports(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const abs of [...tsFiles(join(root, 'lib')), ...tsFiles(join(root, 'functions'))]) {
    const from = relative(root, abs);
    for (const spec of specifiers(readFileSync(abs, 'utf8'))) {
      const to = normalize(join(dirname(from), spec)).replace(/\.js$/, '.ts');
      if (to.startsWith('lib/') || to.startsWith('functions/')) edges.push({ from, to });
    }
  }
  return edges;
}

/** What breaks the direction: a pure folder importing an edge or a folder of its own layer or above. */
export function directionOffences(edges: ImportEdge[]): string[] {
  const found = new Set<string>();
  for (const { from, to } of edges) {
    const a = unitOf(from);
    const b = unitOf(to);
    if (a === b) continue;
    const layer = PURE_LAYERS[a];
    if (layer === undefined) {
      if (!EDGES.includes(a)) found.add(`${from}: \`${a}\` is neither a pure folder nor an edge`);
      continue;
    }
    const target = PURE_LAYERS[b];
    if (target === undefined) found.add(`${from} imports ${to}: pure \`${a}\` imports the edge \`${b}\``);
    else if (target >= layer)
      found.add(
        `${from} imports ${to}: \`${a}\` (layer ${layer}) imports \`${b}\` (layer ${target}), not a lower layer`,
      );
  }
  return [...found].sort();
}

/** The loops of a graph (strongly connected components of more than one node), each sorted. */
function loops(edges: Array<[string, string]>): string[][] {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) if (a !== b) next.set(a, [...(next.get(a) ?? []), b]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return out.sort((x, y) => x[0].localeCompare(y[0]));
}

/** Loops between files, and between folders (two folders importing each other, or a longer ring). */
export function cycleOffences(edges: ImportEdge[]): string[] {
  const files = loops(edges.map((e) => [e.from, e.to]));
  const folders = loops(edges.map((e) => [unitOf(e.from), unitOf(e.to)]));
  return [
    ...files.map((c) => `files import each other in a loop: ${c.join(', ')}`),
    ...folders.map((c) => `folders import each other in a loop: ${c.join(', ')}`),
  ];
}

/**
 * The edges by layer, bottom up: an edge imports only edges of a lower layer. The collectors and the sandbox speak
 * to AWS (or stand in for it); publish writes what was found; lib/run orchestrates them; the CLI and the functions
 * are the entry points over lib/run.
 */
export const EDGE_LAYERS: Record<string, number> = {
  'lib/collect': 0,
  'lib/sandbox': 0,
  'lib/publish': 1,
  'lib/run': 2,
  'lib/cli': 3,
  functions: 3,
};

/** Imports from one edge to another at or above its own layer (an arrow pointing up). */
export function edgeDirectionOffences(edges: ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = unitOf(e.from);
    const to = unitOf(e.to);
    if (from === to || EDGE_LAYERS[from] === undefined || EDGE_LAYERS[to] === undefined) continue;
    if (EDGE_LAYERS[to]! >= EDGE_LAYERS[from]!) out.push(`${e.from} imports ${e.to}: ${to} is not below ${from}`);
  }
  return out;
}

/**
 * The collectors' entry points: collecting one account and reading the organisation into a plan. lib/run is the only
 * pipeline (issue 24), so it alone calls them; the CLI and the functions go through its steps.
 */
export const COLLECTOR_ENTRY_POINTS: readonly string[] = ['lib/collect/account.ts', 'lib/collect/plan.ts'];

/** Imports of a collector entry point from anywhere but lib/run (and lib/collect itself). */
export function orchestrationOffences(edges: ImportEdge[]): string[] {
  return edges
    .filter((e) => COLLECTOR_ENTRY_POINTS.includes(e.to) && !['lib/run', 'lib/collect'].includes(unitOf(e.from)))
    .map((e) => `${e.from} imports ${e.to}: only lib/run orchestrates the collectors`);
}
