/**
 * The seed question in words (pure): for one repository, who can push, who can only pull, and who of the
 * organisation's roles and users can do neither; for a bucket, who can write, who can only read. Used by the demo
 * and the CLI.
 */
import type { AccessMatrix } from '../model/access-matrix.js';

const name = (arn: string): string => {
  const m = /^arn:[^:]+:iam::(\d{12}):(?:role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `${m[2]} (${m[1]})` : arn;
};

/** Three lines: writers, readers only, neither (among `principals`: the IAM roles and users read). */
export function whoCanSummary(matrix: AccessMatrix, resource: string, principals: string[]): string {
  const rows = matrix.rows.filter((r) => r.resource === resource && r.principalKind !== 'root');
  const isEcr = resource.startsWith('arn:aws:ecr:') || rows.some((r) => r.resourceType === 'ecr-repository');
  const [write, read] = isEcr ? ['push', 'pull'] : ['write', 'read'];
  const writers = [...new Set(rows.filter((r) => r.level === write).map((r) => r.principal))];
  const readers = [
    ...new Set(rows.filter((r) => r.level === read && !writers.includes(r.principal)).map((r) => r.principal)),
  ];
  const neither = principals.filter((p) => !writers.includes(p) && !readers.includes(p));
  const conditional = (p: string): string => {
    const c = rows.find((r) => r.principal === p && (r.level === write || r.level === read) && r.conditions.length > 0);
    return c ? ` when ${c.conditions.join(' AND ')}` : '';
  };
  const list = (ps: string[]): string =>
    ps.length ? ps.map((p) => `${name(p)}${conditional(p)}`).join(', ') : 'nobody';
  return [
    `  can ${write}: ${list(writers)}`,
    `  can only ${read}: ${list(readers)}`,
    `  can do neither: ${list(neither)}`,
  ].join('\n');
}
