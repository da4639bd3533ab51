/**
 * Parity: every call of PARITY_CASES answered by lib/sandbox and by moto from the same seed must agree in shape
 * (field names, types, next-page tokens, error codes). Each known difference is in KNOWN_DIFFERENCES with the side
 * that is wrong against AWS and docs/moto-parity.md's section; anything else fails. The list of compared APIs is
 * printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientFactory, type AccountCredentials, type ClientFactory } from '../../lib/collect/clients.js';
import { memberRoleCredentials } from '../../lib/collect/credentials.js';
import { DEFAULT_MEMBER_ROLE_ACTIONS, startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { KNOWN_DIFFERENCES, KNOWN_VALUE_DIFFERENCES, type KnownDifference } from './parity-known.js';
import { PARITY_CASES, type Target } from './parity-calls.js';
import { MOTO_HUB_CREDENTIALS, ROLE_NAME } from './seed-moto.js';
import { seededMoto, type SeededMoto } from './setup.js';
import { answerShape, diffShapes, type ShapeDiff } from './shape.js';

const SANDBOX_HUB = { accessKeyId: 'AKIASANDBOXSCANNER01', secretAccessKey: 'sandbox-secret-not-checked' };

function target(factory: ClientFactory, m: SeededMoto): Target {
  const cache = new Map<string, AccountCredentials>();
  return {
    factory,
    ids: m.ids,
    member: (accountId) => {
      let c = cache.get(accountId);
      if (!c)
        cache.set(
          accountId,
          (c = {
            accountId,
            credentials: memberRoleCredentials(factory, { accountId, roleName: ROLE_NAME, runId: 'parity' }),
          }),
        );
      return c;
    },
  };
}

const label = (api: string, variant: string): string => `${api} [${variant}]`;

describe("sandbox and moto answer the collectors' calls alike", () => {
  let m: SeededMoto;
  let sb: Sandbox;
  const factories: ClientFactory[] = [];
  const diffs = new Map<string, ShapeDiff>();
  const values = new Map<string, { sandbox: unknown; moto: unknown }>();
  let onSandbox: Target;
  let onMoto: Target;

  beforeAll(async () => {
    m = await seededMoto();
    // The member role also writes in its own bucket for the multipart cases (moto does not check IAM).
    const writes = ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListBucketMultipartUploads'];
    sb = await startSandbox({ org: m.seed, memberRoleActions: [...DEFAULT_MEMBER_ROLE_ACTIONS, ...writes] });
    const config = { requestTimeoutMs: 10_000, maxAttempts: 2 };
    onSandbox = target(createClientFactory({ ...config, endpoint: sb.url, credentials: SANDBOX_HUB }), m);
    onMoto = target(createClientFactory({ ...config, endpoint: m.moto.url, credentials: MOTO_HUB_CREDENTIALS }), m);
    factories.push(onSandbox.factory, onMoto.factory);
    for (const c of PARITY_CASES) {
      const [a, b] = await Promise.all([answerShape(() => c.run(onSandbox)), answerShape(() => c.run(onMoto))]);
      diffs.set(label(c.api, c.variant), diffShapes(a, b));
      if (c.value) {
        const pick = c.value;
        const [sandbox, moto] = await Promise.all([
          c.run(onSandbox).then(pick, (e: Error) => `error: ${e.name}`),
          c.run(onMoto).then(pick, (e: Error) => `error: ${e.name}`),
        ]);
        values.set(label(c.api, c.variant), { sandbox, moto });
      }
    }
    const lines = PARITY_CASES.map((c) => {
      const d = diffs.get(label(c.api, c.variant)) as ShapeDiff;
      const same = d.onlySandbox.length === 0 && d.onlyMoto.length === 0;
      return `  ${same ? 'same ' : 'DIFF '} ${label(c.api, c.variant)}${same ? '' : `\n      sandbox only: ${JSON.stringify(d.onlySandbox)}\n      moto only:    ${JSON.stringify(d.onlyMoto)}`}`;
    });
    process.stdout.write(
      `parity: ${PARITY_CASES.length} calls compared (${new Set(PARITY_CASES.map((c) => c.api)).size} APIs)\n${lines.join('\n')}\n`,
    );
  });

  afterAll(async () => {
    for (const f of factories) f.destroy();
    await sb?.close();
    await m?.moto.stop();
  });

  it('compares every call the collectors make', async () => {
    // Given the commands lib/collect sends, When the compared APIs are listed
    const { readdir, readFile } = await import('node:fs/promises');
    const sources = await Promise.all((await readdir('lib/collect')).map((f) => readFile(`lib/collect/${f}`, 'utf8')));
    const sent = new Set(sources.flatMap((s) => [...s.matchAll(/new (\w+)Command\(/g)].map((x) => x[1] as string)));
    const compared = new Set(PARITY_CASES.map((c) => c.api.replace(' (S3 Control)', '')));
    // Then each one is compared (AssumeRole runs under every member call)
    expect([...sent].filter((api) => !compared.has(api)).sort()).toEqual([]);
  });

  it('lists in docs/moto-parity.md every section a known difference points to', async () => {
    // Given the parity document, When each known difference's section is looked up
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile('docs/moto-parity.md', 'utf8');
    const headings = new Set([...doc.matchAll(/^### (.+)$/gm)].map((x) => (x[1] as string).trim()));
    // Then every one exists
    expect(
      [...Object.values(KNOWN_DIFFERENCES), ...Object.values(KNOWN_VALUE_DIFFERENCES)]
        .map((k) => k.doc)
        .filter((h) => !headings.has(h)),
    ).toEqual([]);
  });

  it.each(PARITY_CASES.filter((c) => c.value).map((c) => [label(c.api, c.variant)]))(
    'holds the same seeded state: %s',
    (name) => {
      // Given the part of both answers that the seed decides
      const v = values.get(name) as { sandbox: unknown; moto: unknown };
      const known = KNOWN_VALUE_DIFFERENCES[name];
      // Then it is equal, or differs exactly as docs/moto-parity.md says
      if (known) expect(v).toEqual({ sandbox: known.sandbox, moto: known.moto });
      else expect(v.moto).toEqual(v.sandbox);
    },
  );

  it.each(PARITY_CASES.map((c) => [label(c.api, c.variant)]))('%s', (name) => {
    // Given both answers' shapes, When they are compared
    const d = diffs.get(name) as ShapeDiff;
    const known: KnownDifference | undefined = KNOWN_DIFFERENCES[name];
    // Then they agree, or differ exactly as docs/moto-parity.md says
    expect({ onlySandbox: d.onlySandbox, onlyMoto: d.onlyMoto }).toEqual({
      onlySandbox: known?.onlySandbox ?? [],
      onlyMoto: known?.onlyMoto ?? [],
    });
  });
});
