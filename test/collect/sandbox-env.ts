/** Wiring shared by the sandbox-backed collector tests: a client factory pointed at a running sandbox. */
import { createClientFactory, type ClientFactory, type CollectConfig } from '../../lib/collect/clients.js';
import type { Sandbox } from '../../lib/sandbox/index.js';

/** Scanner credentials: keys the sandbox did not issue belong to the scanner account. */
const SCANNER_CREDENTIALS = { accessKeyId: 'AKIASANDBOXSCANNER01', secretAccessKey: 'sandbox-secret-not-checked' };

/** A factory whose clients talk to `sb` over HTTP, with test-sized timeouts. */
export function sandboxFactory(sb: Sandbox, overrides: Partial<CollectConfig> = {}): ClientFactory {
  return createClientFactory({
    endpoint: sb.url,
    credentials: SCANNER_CREDENTIALS,
    requestTimeoutMs: 2_000,
    connectionTimeoutMs: 1_000,
    maxAttempts: 4,
    ...overrides,
  });
}
