/**
 * The witness as `check-policy` shows it. The analysis proves each finding with a concrete request that authorize()
 * allows, and where the policy names no one it invents the caller (`arn:aws:iam::999988887777:role/zz-external-principal`,
 * an object key `zz-any-object`). A person reading the answer must not take those for real names: every invented part
 * is shown as a placeholder in angle brackets (`arn:aws:iam::<an account outside the organisation>:role/<any role>`),
 * which says what the request stands for and is plainly not an ARN to look up. Names the request itself holds are kept.
 */
import type { WitnessRequest } from '../../model/finding.js';
import { MEMBER_STAND_IN } from '../../analyze/member-classes.js';

/** What each invented name stands for; any other `zz-` name is `<any value>`. */
const PLACEHOLDERS: Record<string, string> = {
  'zz-external-principal': '<any role>',
  'zz-member-principal': '<any role>',
  'zz-other-principal': '<any role>',
  'zz-pattern-principal': '<any role>',
  'zz-federated': '<any role>',
  'zz-session': '<any session>',
  'zz-any-object': '<any object key>',
  'zz-any-repository': '<any repository>',
  'zz-any': '<any name>',
  'zz-other-service': '<any other service>',
  'zz-canonical-user': '<any canonical user>',
  'zz-aws-username': '<any user name>',
};

/** Rewrites one string: invented names and accounts the request does not hold become placeholders. */
function readable(s: string, known: string): string {
  return s
    .replace(/zz-[a-z0-9-]*[a-z0-9]|zz-/g, (m) => PLACEHOLDERS[m] ?? '<any value>')
    .replace(/(?<![0-9])[0-9]{12}(?![0-9])/g, (acct) => {
      if (known.includes(acct)) return acct;
      return acct === MEMBER_STAND_IN ? '<a member account>' : '<an account outside the organisation>';
    });
}

/**
 * The witness with every invented name replaced by a placeholder. `request` is the request's own text (policy, owner,
 * organisation): a 12-digit account it holds is real and kept, any other was chosen by the analysis.
 */
export function readableWitness(w: WitnessRequest, request: string): WitnessRequest {
  const context: WitnessRequest['context'] = {};
  for (const [k, v] of Object.entries(w.context)) {
    context[k] =
      typeof v === 'string' ? readable(v, request) : Array.isArray(v) ? v.map((x) => readable(x, request)) : v;
  }
  return {
    principal: readable(w.principal, request),
    action: w.action,
    resource: readable(w.resource, request),
    context,
  };
}
