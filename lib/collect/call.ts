/**
 * Runs one read against AWS and turns its outcome into data: `ok`, `absent` (a 404-style answer that means "there is
 * none") or `error` (anything else once the SDK's retries are spent), which is also recorded as a coverage gap.
 * Nothing is thrown past this function, so no read can become an unhandled rejection.
 */
import type { CoverageGap } from '../model/coverage-gap.js';
import type { Read } from '../model/inventory.js';
import type { Limiter } from './limit.js';

/** Where a read happens; gaps found while reading are appended to `gaps`. */
export interface ReadScope {
  account: string;
  region: string;
  service: CoverageGap['service'];
  gaps: CoverageGap[];
  /** Bounds the requests in flight for this account. */
  limit: Limiter;
}

/** The outcome of one read. */
export type Outcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'absent' }
  | { kind: 'error'; code: string; error: string; attempts: number };

/**
 * Error codes that mean the region is not enabled for the caller: the first call to an opt-in region that was not
 * enabled fails with an invalid-token error ("The security token included in the request is invalid").
 */
export const REGION_DISABLED_CODES: ReadonlySet<string> = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
]);

/** The AWS error code of an SDK error (its `name`, or `Code` for some unmodelled XML errors). */
export function errorCode(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string } | null;
  return e?.Code ?? (e?.name && e.name !== 'Error' ? e.name : undefined) ?? e?.code ?? 'Error';
}

/** `Code: message`, one line. */
export function describeError(err: unknown): string {
  const code = errorCode(err);
  const message = (err as { message?: string } | null)?.message ?? String(err);
  const text = message && message !== code ? `${code}: ${message}` : code;
  return text.replace(/\s+/g, ' ').trim();
}

/** The SDK's count of attempts for a failed call (its retry middleware stamps `$metadata.attempts`). */
export function attemptsOf(err: unknown): number {
  const n = (err as { $metadata?: { attempts?: number } } | null)?.$metadata?.attempts;
  return typeof n === 'number' && n > 0 ? n : 1;
}

/** Runs `fn` under the scope's limiter and classifies the result; never throws. */
export async function attempt<T>(
  scope: ReadScope,
  absentCodes: readonly string[],
  fn: () => Promise<T>,
): Promise<Outcome<T>> {
  try {
    return { kind: 'ok', value: await scope.limit(fn) };
  } catch (err) {
    const code = errorCode(err);
    if (absentCodes.includes(code)) return { kind: 'absent' };
    return { kind: 'error', code, error: describeError(err), attempts: attemptsOf(err) };
  }
}

/** Records an error outcome as a coverage gap and returns it as a `Read`. */
export function toRead<T>(scope: ReadScope, call: string, resource: string | undefined, outcome: Outcome<T>): Read<T> {
  if (outcome.kind === 'ok') return { status: 'ok', value: outcome.value };
  if (outcome.kind === 'absent') return { status: 'absent' };
  scope.gaps.push(gapOf(scope, call, resource, outcome));
  return { status: 'error', error: outcome.error };
}

/** Builds the gap row of a failed read. */
export function gapOf(
  scope: Pick<ReadScope, 'account' | 'region' | 'service'>,
  call: string,
  resource: string | undefined,
  outcome: { error: string; attempts: number },
): CoverageGap {
  return {
    account: scope.account,
    region: scope.region,
    service: scope.service,
    call,
    error: outcome.error,
    attempts: outcome.attempts,
    ...(resource !== undefined ? { resource } : {}),
  };
}

/** One read: attempt + toRead. */
export async function read<T>(
  scope: ReadScope,
  call: string,
  resource: string | undefined,
  absentCodes: readonly string[],
  fn: () => Promise<T>,
): Promise<Read<T>> {
  return toRead(scope, call, resource, await attempt(scope, absentCodes, fn));
}

/**
 * Follows a token-paginated list to its end. Organizations may return an empty page with a token: keep paging.
 * A token seen twice ends the loop rather than spinning forever.
 */
export async function paginate<I>(
  fetchPage: (token: string | undefined) => Promise<{ items: I[] | undefined; next: string | undefined }>,
): Promise<I[]> {
  const out: I[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    out.push(...(page.items ?? []));
    token = page.next || undefined;
    if (token !== undefined) {
      if (seen.has(token)) break;
      seen.add(token);
    }
  } while (token !== undefined);
  return out;
}
