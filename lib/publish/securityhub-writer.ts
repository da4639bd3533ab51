/**
 * The Security Hub edge: sends a run's ASFF plan with BatchImportFindings (batches of at most 100), then sets the
 * workflow of suppressed findings with BatchUpdateFindings. It never throws for an AWS answer: FailedFindings,
 * UnprocessedFindings and errors that outlast the SDK's retries (throttling included) become delivery failures
 * naming the finding and the reason; the publish step records them and goes on.
 *
 * The importing account is the caller's own (GetCallerIdentity, which needs no permission): see render-asff.ts for
 * why the scanner account imports under its own default product.
 */
import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  type AwsSecurityFinding,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AsffPlan } from './asff-plan.js';
import { ASFF_BATCH_SIZE, productArn, type AsffContext } from './render-asff.js';
import { defaultPace, paced, type Pace } from './securityhub-pace.js';
import { MAX_LISTED_FAILURES, type DeliveryFailure, type SecurityHubDelivery } from './securityhub-delivery.js';

/** Who imports: the caller's account, partition and the client's region. */
export type Importer = Omit<AsffContext, 'reportLink'>;

/** Where findings go (the SDK implementation below; tests may pass their own). */
export interface SecurityHubSink {
  importer(): Promise<Importer>;
  deliver(plan: AsffPlan, ctx: AsffContext): Promise<SecurityHubDelivery>;
}

/** `n`-sized slices of a list, in order. */
export function chunks<T>(list: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

function errorOf(err: unknown): { code: string; message: string } {
  const e = err as { name?: string; message?: string };
  return { code: e.name ?? 'Error', message: e.message ?? String(err) };
}

const UPDATED_BY = 'org-access-scanner';

/** Security Hub through the AWS SDK. */
export class SecurityHubWriter implements SecurityHubSink {
  constructor(
    private readonly client: SecurityHubClient,
    private readonly sts: STSClient,
    private readonly pace: Pace = defaultPace(),
  ) {}

  /** The caller's account and partition (from its ARN) and the Security Hub client's region. */
  async importer(): Promise<Importer> {
    const who = await this.sts.send(new GetCallerIdentityCommand({}));
    const region = await this.client.config.region();
    return { account: who.Account ?? '', partition: who.Arn?.split(':')[1] ?? 'aws', region };
  }

  async deliver(plan: AsffPlan, ctx: AsffContext): Promise<SecurityHubDelivery> {
    const failures: DeliveryFailure[] = [];
    const failedIds = new Set<string>();
    const batches = chunks(plan.findings, ASFF_BATCH_SIZE);
    const importBatches = batches.map((b) => b.length);
    // Batches go out IMPORT_CONCURRENCY at a time with their own backoff (securityhub-pace.ts); failures are
    // gathered per batch and listed in batch order, as a serial send would list them.
    const perBatch = await Promise.all(
      batches.map(async (batch): Promise<DeliveryFailure[]> => {
        try {
          const out = await paced(this.pace, () =>
            this.client.send(new BatchImportFindingsCommand({ Findings: batch as unknown as AwsSecurityFinding[] })),
          );
          return (out.FailedFindings ?? []).map((f) => ({
            id: f.Id ?? '',
            call: 'BatchImportFindings' as const,
            code: f.ErrorCode ?? 'Unknown',
            message: f.ErrorMessage ?? '',
          }));
        } catch (err) {
          const { code, message } = errorOf(err);
          return batch.map((f) => ({ id: f.Id, call: 'BatchImportFindings' as const, code, message }));
        }
      }),
    );
    for (const list of perBatch) {
      for (const f of list) {
        failures.push(f);
        failedIds.add(f.id);
      }
    }
    const product = productArn(ctx);
    const suppressed = await this.workflow(
      plan.suppress.filter((s) => !failedIds.has(s.id)),
      product,
      'SUPPRESSED',
      failures,
    );
    const unsuppressed = await this.workflow(
      plan.unsuppress.filter((id) => !failedIds.has(id)).map((id) => ({ id, note: 'the suppression rule expired' })),
      product,
      'NEW',
      failures,
    );
    const ok = (state: 'ACTIVE' | 'ARCHIVED') =>
      plan.findings.filter((f) => f.RecordState === state && !failedIds.has(f.Id)).length;
    const taken = plan.findings.length - failedIds.size;
    return {
      status: failures.length === 0 ? 'sent' : taken > 0 ? 'partial' : 'failed',
      imported: ok('ACTIVE'),
      archived: ok('ARCHIVED'),
      suppressed,
      unsuppressed,
      untouched: plan.untouched.length,
      importBatches,
      failedCount: failures.length,
      failed: failures.slice(0, MAX_LISTED_FAILURES),
    };
  }

  /** Sets one workflow status, one request per note text and at most 100 findings each; returns how many were set. */
  private async workflow(
    items: Array<{ id: string; note: string }>,
    product: string,
    status: 'SUPPRESSED' | 'NEW',
    failures: DeliveryFailure[],
  ): Promise<number> {
    const byNote = new Map<string, string[]>();
    for (const { id, note } of items) byNote.set(note, [...(byNote.get(note) ?? []), id]);
    let done = 0;
    for (const [note, ids] of byNote) {
      for (const batch of chunks(ids, ASFF_BATCH_SIZE)) {
        try {
          const out = await paced(this.pace, () =>
            this.client.send(
              new BatchUpdateFindingsCommand({
                FindingIdentifiers: batch.map((Id) => ({ Id, ProductArn: product })),
                Workflow: { Status: status },
                Note: { Text: note, UpdatedBy: UPDATED_BY },
              }),
            ),
          );
          done += out.ProcessedFindings?.length ?? 0;
          for (const u of out.UnprocessedFindings ?? []) {
            failures.push({
              id: u.FindingIdentifier?.Id ?? '',
              call: 'BatchUpdateFindings',
              code: u.ErrorCode ?? 'Unknown',
              message: u.ErrorMessage ?? '',
            });
          }
        } catch (err) {
          const { code, message } = errorOf(err);
          for (const id of batch) failures.push({ id, call: 'BatchUpdateFindings', code, message });
        }
      }
    }
    return done;
  }
}
