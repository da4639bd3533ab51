/**
 * Pagination as AWS does it: an opaque `NextToken` (here the base64 of an offset) and a page size that
 * defaults small so clients must follow tokens.
 */

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Encodes an offset as an opaque token. */
export function token(offset: number): string {
  return Buffer.from(`sandbox:${offset}`).toString('base64');
}

/** Decodes a token; undefined when it is not one of ours. */
export function offsetOf(tok: string): number | undefined {
  const m = /^sandbox:(\d+)$/.exec(Buffer.from(tok, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/**
 * One page of `items` starting at `tok`'s offset, of `size` items. Returns undefined for a token that is
 * not valid (the service answers with its invalid-parameter error).
 */
export function page<T>(items: T[], tok: unknown, size: number): Page<T> | undefined {
  let start = 0;
  if (typeof tok === 'string' && tok !== '') {
    const o = offsetOf(tok);
    if (o === undefined || o > items.length) return undefined;
    start = o;
  }
  const end = start + size;
  return end < items.length ? { items: items.slice(start, end), nextToken: token(end) } : { items: items.slice(start) };
}

/** A requested page size within [1, max], the default when absent; undefined when out of range. */
export function pageSize(requested: unknown, dflt: number, max: number): number | undefined {
  if (requested === undefined || requested === null) return dflt;
  const n = Number(requested);
  if (!Number.isInteger(n) || n < 1 || n > max) return undefined;
  return n;
}
