/**
 * Where a policy path (`Statement[2].Condition.StringEquals.aws:SourceVpce`, as errors, lint and findings name it)
 * is in the policy file: line and column, so CI code scanning can show a result on its line. jsonc-parser keeps the
 * offsets of every node.
 */
import { parseTree, type Node } from 'jsonc-parser';

/** A 1-based position in a file. */
export interface Position {
  line: number;
  column: number;
}

function positionOf(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Follows a path one step: `[n]` into an array, else the longest property name that starts the rest. */
function step(node: Node, rest: string): { node: Node; rest: string } | undefined {
  const index = /^\[(\d+)\]\.?/.exec(rest);
  if (index) {
    if (node.type !== 'array') return undefined;
    const child = node.children?.[Number(index[1])];
    return child ? { node: child, rest: rest.slice(index[0].length) } : undefined;
  }
  if (node.type !== 'object') return undefined;
  // Keys may hold dots (`aws:RequestTag/a.b`): take the longest key that is followed by `.`, `[` or the end.
  let best: { node: Node; rest: string; length: number } | undefined;
  for (const prop of node.children ?? []) {
    const key = String(prop.children?.[0]?.value ?? '');
    const value = prop.children?.[1];
    if (!value || !rest.startsWith(key) || !['', '.', '['].includes(rest.charAt(key.length))) continue;
    if (!best || key.length > best.length)
      best = { node: value, rest: rest.slice(key.length).replace(/^\./, ''), length: key.length };
  }
  return best && { node: best.node, rest: best.rest };
}

/**
 * The position of the deepest node the path reaches (a path that goes further than the file, such as a missing
 * element, points at its parent); line 1, column 1 for text that does not parse.
 */
export function locate(text: string, path: string): Position {
  const root = parseTree(text);
  if (!root) return { line: 1, column: 1 };
  let node: Node = root;
  let rest = path;
  while (rest !== '') {
    const next = step(node, rest);
    if (!next) break;
    node = next.node;
    rest = next.rest;
  }
  // A property's value: point at its key (`"Principal": ...`), where a reader looks.
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return positionOf(text, (key ?? node).offset);
}
