/**
 * How each kind of resource is analysed, picked once per resource from a total table (as an authorizer is picked per
 * service): which policies it meets and how they are read, its resource representatives, what S3 fixes on a request
 * to it, how a witness is decided, and what its findings carry besides what every finding carries.
 * - A bucket, a repository, a registry or a generic resource: its own policy (plus the registry's, RCPs), decided by
 *   `authorize()`; a bucket's findings are marked by Block Public Access `RestrictPublicBuckets`.
 * - An access point or Multi-Region Access Point with its bucket: both policies, decided leg by leg
 *   (access-point-*.ts). Without its bucket side it is read as a resource of its own.
 */
import type { PolicySet, Request } from '../evaluate/types.js';
import type { Finding, ResourceType } from '../model/finding.js';
import { authorizeThroughAccessPoint } from './access-point-authorize.js';
import { finishAccessPointFindings } from './access-point-findings.js';
import {
  accessPointClasses,
  accessPointRepresentatives,
  accessPointVariableRepresentatives,
  prepareAccessPoint,
} from './access-point-input.js';
import { prepare, type PreparedInput } from './inputs.js';
import type { Part } from './parts.js';
import { representatives, variableRepresentatives, type Representatives } from './resources.js';
import type { AccessPointInput, AnalyzeInput, PrincipalClass } from './types.js';

/** One resource kind's way through the analysis (analyze-resource.ts runs the steps in order). */
export interface ResourceStrategy {
  /** The parsed, tagged policies the resource meets. */
  prep: PreparedInput;
  /** Concrete resources standing for every resource a request can target. */
  representatives(): Representatives;
  /** The principal classes as requests to this resource see them (keys the service fixes for everyone). */
  classes(all: PrincipalClass[]): PrincipalClass[];
  /** A class's own representatives of patterns with policy variables (`probe` is its three-valued request). */
  classRepresentatives(probe: Request): Representatives;
  /** A part also needs one Allow of a second policy (`bucket` statements): the bucket behind a known access point. */
  gated: boolean;
  /** The concrete decision a witness must pass, when it is not `authorize(request, policiesFor(part))`. */
  decide?(policiesFor: (part: Part) => PolicySet): (request: Request, part: Part) => boolean;
  /** The findings with what this kind adds (new objects; the input is not changed). */
  finish(findings: Finding[]): Finding[];
}

/**
 * S3: "RestrictPublicBuckets ... restricts access to [a bucket with a public policy] to only AWS service principals and
 * authorized users within the bucket owner's account" - so on a public policy it also cuts named cross-account access;
 * service principals are excepted. Returns the findings with the marks added.
 */
export function withBlockPublicAccess(findings: Finding[], input: AnalyzeInput): Finding[] {
  const bpa = input.blockPublicAccess;
  const marks: string[] = [];
  if (bpa?.bucket?.RestrictPublicBuckets) marks.push('bpa:RestrictPublicBuckets(bucket)');
  if (bpa?.account?.RestrictPublicBuckets) marks.push('bpa:RestrictPublicBuckets(account)');
  if (marks.length === 0) return findings;
  const policyIsPublic = findings.some((f) => f.access === 'public' && f.source === 'bucket-policy');
  return findings.map((f) => {
    if (f.source !== 'bucket-policy') return f;
    const service = f.principal.class === 'service' || f.principal.class === 'other-service';
    return f.access === 'public' || (policyIsPublic && !service)
      ? { ...f, mitigations: [...new Set([...f.mitigations, ...marks])].sort() }
      : f;
  });
}

/** A resource read through its own policy (and the registry's, RCPs): a bucket, a repository, a registry, generic. */
function direct(input: AnalyzeInput, finish: (findings: Finding[]) => Finding[] = (f) => f): ResourceStrategy {
  const prep = prepare(input);
  return {
    prep,
    representatives: () =>
      representatives(input.resourceType, input.resourceArn, input.ownerAccount, input.region, prep.statements),
    classes: (all) => all,
    classRepresentatives: (probe) =>
      variableRepresentatives(
        input.resourceType,
        input.resourceArn,
        input.ownerAccount,
        input.region,
        prep.statements,
        probe,
      ),
    gated: false,
    finish,
  };
}

/** A request through an access point: a witness must pass both the access point policy and the bucket policy. */
function throughAccessPoint(raw: AnalyzeInput): ResourceStrategy {
  if (!raw.accessPoint) return direct(raw);
  const input = raw as AnalyzeInput & { accessPoint: AccessPointInput };
  const ap = input.accessPoint;
  const prep = prepareAccessPoint(input);
  return {
    prep,
    representatives: () => accessPointRepresentatives(input, prep.statements),
    classes: (all) => accessPointClasses(all, input),
    classRepresentatives: (probe) => accessPointVariableRepresentatives(input, prep.statements, probe),
    gated: ap.bucketPolicyKnown,
    decide: (policiesFor) => (request, part) => {
      const { resourcePolicy: _own, ...bounds } = policiesFor(part);
      const bucket = ap.bucketPolicyKnown ? (prep.bucket ? { ...bounds, resourcePolicy: prep.bucket } : bounds) : null;
      const p = {
        accessPointArn: input.resourceArn,
        accessPoint: policiesFor(part),
        bucketArn: ap.bucketArn,
        bucketAccount: ap.bucketAccount,
        bucket,
      };
      return authorizeThroughAccessPoint(request, p).decision === 'Allow';
    },
    finish: (findings) => finishAccessPointFindings(findings, input),
  };
}

/** The strategy of each resource type: the type checker proves every type has one. */
const STRATEGIES: Record<ResourceType, (input: AnalyzeInput) => ResourceStrategy> = {
  's3-bucket': (input) => direct(input, (findings) => withBlockPublicAccess(findings, input)),
  'ecr-repository': (input) => direct(input),
  'ecr-registry': (input) => direct(input),
  generic: (input) => direct(input),
  's3-access-point': throughAccessPoint,
  's3-multi-region-access-point': throughAccessPoint,
};

/** Picks the strategy of the input's resource type (once per resource). */
export function strategyFor(input: AnalyzeInput): ResourceStrategy {
  return STRATEGIES[input.resourceType](input);
}
