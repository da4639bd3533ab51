/**
 * The checks of the compliance view and the framework controls each one maps to (data only).
 *
 * A mapping is listed only where the control's own text covers what the check tests; `coverage: 'partial'` says
 * the control asks for more, or for something narrower, than the check proves (e.g. CIS asks for Block Public
 * Access settings, the check proves the bucket is not reachable by the public whatever its settings). Each
 * mapping names the page it was read from. Control ids follow the form Security Hub uses in
 * `Compliance.RelatedRequirements` (`CIS AWS Foundations Benchmark v3.0.0/2.1.4`).
 */

/** The checks, in the order the compliance view lists them. */
export const CHECK_IDS = ['public-access', 'external-access', 'policy-lint'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** The resource kinds a check runs on (ecr-registry: the registry-level settings of one account and region). */
export type CheckedResourceType = 's3-bucket' | 'ecr-repository' | 'ecr-registry';

export interface ControlMapping {
  framework: 'AWS Foundational Security Best Practices' | 'CIS AWS Foundations Benchmark' | 'NIST SP 800-53 Rev. 5';
  /** The control id as Security Hub writes it in RelatedRequirements. */
  control: string;
  title: string;
  /** Resource types the mapping applies to. */
  appliesTo: CheckedResourceType[];
  coverage: 'full' | 'partial';
  /** Where the control text (or Security Hub's mapping of it) was read. */
  source: string;
}

export interface CheckDefinition {
  id: CheckId;
  title: string;
  /** When the check fails, in one sentence. */
  failsWhen: string;
  controls: ControlMapping[];
}

const S3_CONTROLS = 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html';
const NIST = 'https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final';

/** Every check with its controls. */
export const CHECKS: Record<CheckId, CheckDefinition> = {
  'public-access': {
    id: 'public-access',
    title: 'Not reachable by the public',
    failsWhen: 'a finding gives anyone (anonymous, or any AWS account) access to the resource',
    controls: [
      {
        framework: 'AWS Foundational Security Best Practices',
        control: 'AWS Foundational Security Best Practices v1.0.0/S3.2',
        title: 'S3 general purpose buckets should block public read access',
        appliesTo: ['s3-bucket'],
        coverage: 'full',
        source: `${S3_CONTROLS}#s3-2`,
      },
      {
        framework: 'AWS Foundational Security Best Practices',
        control: 'AWS Foundational Security Best Practices v1.0.0/S3.3',
        title: 'S3 general purpose buckets should block public write access',
        appliesTo: ['s3-bucket'],
        coverage: 'full',
        source: `${S3_CONTROLS}#s3-3`,
      },
      {
        framework: 'CIS AWS Foundations Benchmark',
        control: 'CIS AWS Foundations Benchmark v3.0.0/2.1.4',
        title: "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
        appliesTo: ['s3-bucket'],
        coverage: 'partial',
        // Security Hub lists this CIS requirement among the related requirements of S3.1 (and S3.8).
        source: `${S3_CONTROLS}#s3-1`,
      },
      {
        framework: 'NIST SP 800-53 Rev. 5',
        control: 'NIST.800-53.r5 AC-22',
        title: 'Publicly Accessible Content',
        appliesTo: ['s3-bucket', 'ecr-repository', 'ecr-registry'],
        coverage: 'partial',
        source: NIST,
      },
      {
        framework: 'NIST SP 800-53 Rev. 5',
        control: 'NIST.800-53.r5 AC-3',
        title: 'Access Enforcement',
        appliesTo: ['s3-bucket', 'ecr-repository', 'ecr-registry'],
        coverage: 'partial',
        source: NIST,
      },
    ],
  },
  'external-access': {
    id: 'external-access',
    title: 'No access from outside the organisation',
    failsWhen:
      'a finding gives a principal outside the zone of trust (and not on the trusted list) access to the resource',
    controls: [
      {
        framework: 'AWS Foundational Security Best Practices',
        control: 'AWS Foundational Security Best Practices v1.0.0/S3.6',
        title: 'S3 general purpose bucket policies should restrict access to other AWS accounts',
        appliesTo: ['s3-bucket'],
        coverage: 'partial',
        source: `${S3_CONTROLS}#s3-6`,
      },
      {
        framework: 'NIST SP 800-53 Rev. 5',
        control: 'NIST.800-53.r5 AC-3',
        title: 'Access Enforcement',
        appliesTo: ['s3-bucket', 'ecr-repository', 'ecr-registry'],
        coverage: 'partial',
        source: NIST,
      },
      {
        framework: 'NIST SP 800-53 Rev. 5',
        control: 'NIST.800-53.r5 AC-21',
        title: 'Information Sharing',
        appliesTo: ['s3-bucket', 'ecr-repository', 'ecr-registry'],
        coverage: 'partial',
        source: NIST,
      },
    ],
  },
  'policy-lint': {
    id: 'policy-lint',
    title: 'Policy free of lint errors',
    failsWhen:
      'a lint rule reports the resource policy (an action that cannot apply, a dead statement, an unknown principal, ...)',
    // No framework control's text covers policy hygiene as such: reported for the owner, mapped to nothing.
    controls: [],
  },
};

/** The controls of a check that apply to a resource type. */
export function controlsFor(check: CheckId, type: CheckedResourceType): ControlMapping[] {
  return CHECKS[check].controls.filter((c) => c.appliesTo.includes(type));
}
