import { describe, expect, it } from 'vitest';
import { evidenceFor } from '../../lib/publish/evidence.js';
import { finding, inventory } from '../findings/make.js';

const A = '111111111111';
const REPO = `arn:aws:ecr:eu-west-1:${A}:repository/app`;

describe('evidenceFor', () => {
  it('finds a statement by Sid in the repository policy, then in the registry policy, and an #index in the most specific policy', () => {
    // Given a repository policy with Sid `Pull` and a registry policy whose first statement has no Sid
    const inv = inventory(A);
    inv.ecr[0].repositories = {
      status: 'ok',
      value: [
        {
          name: 'app',
          arn: REPO,
          policy: { status: 'ok', value: JSON.stringify({ Statement: { Sid: 'Pull', Effect: 'Allow' } }) },
        },
      ],
    };
    inv.ecr[0].registryPolicy = {
      status: 'ok',
      value: JSON.stringify({
        Statement: [
          { Effect: 'Allow', Action: 'ecr:*' },
          { Sid: 'Reg', Effect: 'Allow' },
        ],
      }),
    };
    // When
    const ev = evidenceFor(inv, finding({ id: 'x', statements: ['Pull', 'Reg', '#0'] }));
    // Then
    expect(ev.map((e) => [e.label, e.policy, JSON.parse(e.json)])).toEqual([
      ['Pull', 'repository-policy', { Sid: 'Pull', Effect: 'Allow' }],
      ['Reg', 'registry-policy', { Sid: 'Reg', Effect: 'Allow' }],
      ['#0', 'repository-policy', { Sid: 'Pull', Effect: 'Allow' }],
    ]);
  });

  it('finds the creation template a prospective finding comes from by its prefix', () => {
    // Given a template for `cache/`
    const inv = inventory(A);
    inv.ecr[0].creationTemplates = {
      status: 'ok',
      value: [
        {
          prefix: 'cache',
          appliedFor: ['PULL_THROUGH_CACHE'],
          repositoryPolicy: JSON.stringify({ Statement: [{ Sid: 'Any', Effect: 'Allow' }] }),
        },
      ],
    };
    const f = finding({
      id: 't',
      source: 'creation-template',
      statements: ['Any'],
      resource: {
        arn: `arn:aws:ecr:eu-west-1:${A}:repository/cache/*`,
        type: 'ecr-repository',
        account: A,
        region: 'eu-west-1',
      },
    });
    // When / Then
    expect(evidenceFor(inv, f).map((e) => e.policy)).toEqual(['creation-template:cache']);
  });

  it('leaves out labels it cannot find and policies that are not JSON, and has nothing without an inventory', () => {
    // Given an unparseable repository policy
    const inv = inventory(A);
    inv.ecr[0].repositories = {
      status: 'ok',
      value: [{ name: 'app', arn: REPO, policy: { status: 'ok', value: '{not json' } }],
    };
    // When / Then
    expect(evidenceFor(inv, finding({ id: 'x', statements: ['Pull'] }))).toEqual([]);
    expect(evidenceFor(null, finding({ id: 'x', statements: ['Pull'] }))).toEqual([]);
  });
});
