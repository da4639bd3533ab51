import { describe, expect, it } from 'vitest';
import { newWriterLine, newWriters } from '../../../lib/analyze/effective/diff.js';
import { accessMatrix } from '../../../lib/analyze/effective/matrix.js';
import { allow, APP, input, REG, repo, role } from './build.js';

const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

describe('new writers between two runs', () => {
  it('names a role that can now push because of a new inline policy, and nothing that could already write', () => {
    // Given a night where only the builder pushes, and a night where ci-legacy got an inline push policy
    const before = accessMatrix(input([role(REG, 'builder', [allow(PUSH)]), role(REG, 'ci-legacy', [])], [repo()]));
    const after = accessMatrix(
      input([role(REG, 'builder', [allow(PUSH)]), role(REG, 'ci-legacy', [allow(PUSH)])], [repo()]),
    );
    // When diffed / Then ci-legacy alone is new, with the statement that grants it
    const news = newWriters(before, after);
    expect(news.map((n) => n.row.principal)).toEqual([`arn:aws:iam::${REG}:role/ci-legacy`]);
    expect(newWriterLine(news[0]!)).toBe(`role ci-legacy in ${REG} can now push payments/api (inline:p0 statement 0)`);
  });

  it('does not call a writer new when the previous run could not read its account', () => {
    const prev = input([], [repo()]);
    prev.identities = prev.identities.filter((i) => i.account !== APP);
    const shared = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: APP }, Action: PUSH }] };
    prev.resources = [repo(shared)];
    const now = input([role(APP, 'ci', [allow(PUSH)])], [repo(shared)]);
    const news = newWriters(accessMatrix(prev), accessMatrix(now)).filter((n) => n.row.principal.endsWith('role/ci'));
    expect(news.map((n) => n.kind)).toEqual(['unknown-before']);
  });
});
