import { beforeAll, describe, expect, it } from 'vitest';
import {
  asList,
  readTemplate,
  resolveIntrinsics,
  resourcesOfType,
  statementsOf,
  type Json,
  type Template,
} from './cfn.js';
import { PACKAGE_WAIT_MS, packagedService } from './package.js';

// The one offline package of the real serverless.yml, deployed twice in thought: with the stack parameter SecurityHub
// at its default (`false`) and at `true` (osls passes the `securityHub` param as that stack parameter).
interface Deployed extends Template {
  parameterValues: Record<string, string>;
}
let off: Deployed;
let on: Deployed;

beforeAll(async () => {
  const t = readTemplate(await packagedService());
  off = { ...t, parameterValues: { SecurityHub: 'false' } };
  on = { ...t, parameterValues: { SecurityHub: 'true' } };
}, PACKAGE_WAIT_MS);

/** Evaluates a template condition the way CloudFormation does, with the stack's parameter values. */
function condition(t: Deployed, name: string): boolean {
  const value = (x: Json): Json => {
    const ref = (x as { Ref?: string } | null)?.Ref;
    return ref !== undefined && ref in t.parameterValues ? t.parameterValues[ref]! : x;
  };
  const evaluate = (c: Json): boolean => {
    const o = c as Record<string, Json>;
    if (o['Fn::Equals']) {
      const [x, y] = o['Fn::Equals'] as Json[];
      return JSON.stringify(value(x)) === JSON.stringify(value(y));
    }
    if (o['Fn::Not']) return !evaluate((o['Fn::Not'] as Json[])[0]);
    if (o.Condition) return condition(t, String(o.Condition));
    throw new Error(`unsupported condition ${JSON.stringify(c)}`);
  };
  const c = t.Conditions?.[name];
  if (c === undefined) throw new Error(`no condition \`${name}\``);
  return evaluate(c as Json);
}

/** Every statement of every role as deployed: Fn::If resolved with the template's conditions, NoValue dropped. */
function deployedStatements(t: Deployed): Array<{ role: string; statement: Record<string, Json> }> {
  const out: Array<{ role: string; statement: Record<string, Json> }> = [];
  for (const [role, r] of resourcesOfType(t, 'AWS::IAM::Role')) {
    for (const policy of asList(r.Properties!.Policies as Json[])) {
      for (const s of statementsOf((policy as { PolicyDocument: Json }).PolicyDocument)) {
        const branch = (s as { 'Fn::If'?: [string, Json, Json] })['Fn::If'];
        const chosen = branch ? (condition(t, branch[0]) ? branch[1] : branch[2]) : s;
        if ((chosen as { Ref?: string }).Ref === 'AWS::NoValue') continue;
        out.push({ role, statement: chosen as Record<string, Json> });
      }
    }
  }
  return out;
}

const resolution = { accountId: '123456789012', region: 'eu-west-1', partition: 'aws', refs: {}, attributes: {} };

function securityHubGrants(t: Deployed) {
  return deployedStatements(t).filter(({ statement }) =>
    asList(statement.Action as Json).some((a) => String(a).toLowerCase().startsWith('securityhub:')),
  );
}

describe('the Security Hub permission of the template', () => {
  it('does not exist when the securityHub parameter is off (the default)', () => {
    // Given the default package
    // When its role statements are resolved as CloudFormation would
    const grants = securityHubGrants(off);
    // Then no role may call Security Hub, and the functions are told so
    expect(condition(off, 'SecurityHubEnabled')).toBe(false);
    expect(grants).toEqual([]);
  });

  it('lets only publish-report import, into its own account default product, when the parameter is on', () => {
    // Given the package with securityHub=true
    // When its role statements are resolved for account 123456789012 in eu-west-1
    const grants = securityHubGrants(on).map(({ role, statement }) => ({
      role,
      statement: resolveIntrinsics(statement as Json, resolution),
    }));
    // Then publish-report alone may import, scoped to the default product and pinned to its own account
    expect(condition(on, 'SecurityHubEnabled')).toBe(true);
    expect(grants).toEqual([
      {
        role: 'PublishReportRole',
        statement: {
          Sid: 'SecurityHubImport',
          Effect: 'Allow',
          Action: 'securityhub:BatchImportFindings',
          Resource: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
          Condition: { StringEquals: { 'securityhub:TargetAccount': '123456789012' } },
        },
      },
      {
        role: 'PublishReportRole',
        statement: {
          Sid: 'SecurityHubWorkflow',
          Effect: 'Allow',
          Action: 'securityhub:BatchUpdateFindings',
          Resource: 'arn:aws:securityhub:eu-west-1:123456789012:hub/default',
        },
      },
    ]);
  });

  it('passes the stack parameter to the functions as SECURITY_HUB, off unless set', () => {
    // Given the package
    const env = resourcesOfType(off, 'AWS::Lambda::Function').map(
      ([, f]) => (f.Properties!.Environment as { Variables: Record<string, Json> }).Variables.SECURITY_HUB,
    );
    const parameter = (off as { Parameters?: Record<string, { Default?: string; AllowedValues?: string[] }> })
      .Parameters?.SecurityHub;
    // Then every function reads the stack parameter, which defaults to off and takes only true or false
    expect(new Set(env.map((v) => JSON.stringify(v)))).toEqual(new Set([JSON.stringify({ Ref: 'SecurityHub' })]));
    expect(parameter).toMatchObject({ Default: 'false', AllowedValues: ['true', 'false'] });
  });
});
