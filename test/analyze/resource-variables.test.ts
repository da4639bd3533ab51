import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import { witnessCaller } from '../../lib/analyze/canonical.js';
import { placeholder, solveVariable, substituteVariables } from '../../lib/analyze/resource-variables.js';
import type { AnalyzeInput } from '../../lib/analyze/types.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { authorize } from '../../lib/evaluate/index.js';
import { UNKNOWN, type Request } from '../../lib/evaluate/types.js';
import type { Finding } from '../../lib/model/finding.js';
import { parsePolicy } from '../../lib/policy/index.js';

const OWNER = '111122223333';
const BUCKET = 'arn:aws:s3:::data';
const REG_ALL = `arn:aws:ecr:eu-west-1:${OWNER}:repository/*`;

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

function analyse(statements: unknown[], over: Partial<AnalyzeInput> = {}): { findings: Finding[]; policy: unknown } {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind: 'resource' });
  if (!parsed.ok) throw new Error('valid policy');
  const input: AnalyzeInput = {
    resourceType: 's3-bucket',
    resourceArn: BUCKET,
    ownerAccount: OWNER,
    region: 'eu-west-1',
    policy: parsed.policy,
    zone: { kind: 'account', ownerAccount: OWNER },
    ...over,
  };
  return { findings: analyzeResource(input, catalog).findings, policy: parsed.policy };
}

function replays(f: Finding, policy: unknown): string {
  const w = f.witness;
  const req: Request = {
    principal: witnessCaller(w.principal),
    action: w.action,
    resource: w.resource,
    resourceAccount: OWNER,
    context: w.context,
  };
  return authorize(req, { resourcePolicy: policy as never }).decision;
}

describe('Resource patterns with policy variables (2012-10-17)', () => {
  it('reports the outsider of a `${aws:PrincipalAccount}` folder as public, with a witness in its own folder', () => {
    // Given Principal * reading `bucket/${aws:PrincipalAccount}/*`
    const { findings, policy } = analyse([
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/\${aws:PrincipalAccount}/*` },
    ]);
    // When it is analysed
    const outsider = findings.find((f) => f.principal.class === 'unnamed-external-account');
    // Then the outsider is public without conditions, its witness names its own account's folder and replays to Allow
    expect(outsider?.access).toBe('public');
    expect(outsider?.conditions).toEqual([]);
    const account = outsider!.witness.principal.split(':')[4];
    expect(outsider!.witness.resource).toBe(`${BUCKET}/${account}/x`);
    expect(replays(outsider!, policy)).toBe('Allow');
    // and an anonymous caller reads the `anonymous/` folder (IAM aws:PrincipalAccount: "For anonymous requests, the
    // request context returns anonymous")
    const anonymous = findings.find((f) => f.principal.class === 'anonymous');
    expect(anonymous?.witness.resource).toBe(`${BUCKET}/anonymous/x`);
    expect(replays(anonymous!, policy)).toBe('Allow');
  });

  it('keeps a `${aws:username}` grant as access under a ResourceVariable condition whose witness sets the user name', () => {
    // Given a home-folder grant to anyone
    const pattern = `${BUCKET}/home/\${aws:username}/*`;
    const { findings, policy } = analyse([
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: pattern },
    ]);
    // When it is analysed
    const outsider = findings.find((f) => f.principal.class === 'unnamed-external-account')!;
    // Then the dependency is recorded and the witness puts the user name in the path
    expect(outsider.conditions).toEqual([{ operator: 'ResourceVariable', key: 'aws:username', values: [pattern] }]);
    expect(outsider.witness.context['aws:username']).toBe(placeholder('aws:username'));
    expect(outsider.witness.resource).toBe(`${BUCKET}/home/${placeholder('aws:username')}/x`);
    expect(replays(outsider, policy)).toBe('Allow');
  });

  it('finds the instance that also satisfies a condition pinning the same key', () => {
    // Given a variable folder and a StringEquals on the same Unknown key
    const pattern = `${BUCKET}/\${aws:PrincipalTag/team}/*`;
    const { findings, policy } = analyse([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: pattern,
        Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } },
      },
    ]);
    // When it is analysed
    const outsider = findings.find((f) => f.principal.class === 'unnamed-external-account')!;
    // Then the witness reads `red/` with the tag `red`, and authorize() allows it
    expect(outsider.witness.resource).toBe(`${BUCKET}/red/x`);
    expect(replays(outsider, policy)).toBe('Allow');
    expect(outsider.notes ?? []).not.toContain('no concrete witness found: the grant may be unsatisfiable');
  });

  it('gives no finding when no value of the variable lets the pattern name the resource', () => {
    // Given a bucket-level action granted only on a variable object pattern
    const { findings } = analyse([
      { Effect: 'Allow', Principal: '*', Action: 's3:PutBucketPolicy', Resource: `${BUCKET}/home/\${aws:username}/*` },
    ]);
    // When analysed / Then there is no access (the bucket ARN is never `data/home/<name>/...`)
    expect(findings).toEqual([]);
  });

  it('instantiates a registry pattern with the caller account', () => {
    // Given a V2 registry policy granting pull on `repository/${aws:PrincipalAccount}/*`
    const { findings, policy } = analyse(
      [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'ecr:BatchGetImage',
          Resource: `arn:aws:ecr:eu-west-1:${OWNER}:repository/\${aws:PrincipalAccount}/*`,
        },
      ],
      { resourceType: 'ecr-registry', resourceArn: REG_ALL, registryPolicyScope: 'V2' },
    );
    // When analysed / Then the outsider pulls from its own-account prefix, and the witness replays to Allow
    const outsider = findings.find((f) => f.principal.class === 'unnamed-external-account')!;
    expect(outsider.access).toBe('public');
    expect(replays(outsider, policy)).toBe('Allow');
  });
});

describe('variable helpers', () => {
  const probe = (context: Request['context']): Request => ({
    principal: { kind: 'aws', arn: 'arn:aws:iam::999988887777:role/r' },
    action: '',
    resource: '',
    resourceAccount: OWNER,
    context,
  });

  it.each<[string, Request['context'], string[]]>([
    ['a/${aws:PrincipalAccount}/*', {}, ['a/999988887777/*']],
    ['a/${aws:username}/*', {}, []],
    ["a/${aws:username, 'guest'}/*", {}, ['a/guest/*']],
    ['a/${aws:username}/*', { 'aws:username': UNKNOWN }, [`a/${placeholder('aws:username')}/*`]],
    ['a/${aws:PrincipalTag/t}/${*}', { 'aws:PrincipalTag/t': 'x' }, ['a/x/*']],
  ])('substitutes %s for a class to %j', (pattern, context, expected) => {
    // Given a pattern and a class context / When substituted / Then the instances are as listed
    expect(substituteVariables(pattern, probe(context))).toEqual(expected);
  });

  it.each<[string, string, string, string[]]>([
    ['arn:aws:s3:::b/home/${aws:username}/*', 'aws:username', 'arn:aws:s3:::b/home/alice/doc', ['alice']],
    ['arn:aws:s3:::${aws:username}/*', 'aws:username', 'arn:aws:s3:::b/doc', ['b']],
    ['arn:aws:s3:::b/home/${aws:username}/*', 'aws:username', 'arn:aws:s3:::b', []],
  ])('solves %s for %s against %s', (pattern, key, resource, expected) => {
    // Given a pattern and a resource / When solved / Then the candidate values are as listed
    expect(solveVariable(pattern, key, resource)).toEqual(expected);
  });
});
