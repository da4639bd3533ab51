/**
 * What report.json records about Security Hub (plain data, no imports): the importing account and product of
 * findings.asff.json and, when the findings were sent, how the delivery went. Rendered by ./securityhub-delivery.ts.
 */

export interface DeliveryFailure {
  /** The finding id. */
  id: string;
  call: 'BatchImportFindings' | 'BatchUpdateFindings' | 'GetCallerIdentity';
  code: string;
  message: string;
}

export interface SecurityHubDelivery {
  /** `sent`: everything was taken; `partial`: some findings failed; `failed`: nothing was taken. */
  status: 'sent' | 'partial' | 'failed';
  /** Findings imported ACTIVE / ARCHIVED, workflow updates applied, findings deliberately left untouched. */
  imported: number;
  archived: number;
  suppressed: number;
  unsuppressed: number;
  untouched: number;
  /** Size of every BatchImportFindings request, in order (each at most 100). */
  importBatches: number[];
  failedCount: number;
  /** The first MAX_LISTED_FAILURES failures. */
  failed: DeliveryFailure[];
}

export interface SecurityHubReport {
  /** The importing account and its default product (`AwsAccountId` and `ProductArn` of findings.asff.json). */
  account: string;
  partition: string;
  region: string;
  productArn: string;
  /** `caller`: the account whose credentials publish (it imports); `assumed`: not sent, the account is a stand-in. */
  importer: 'caller' | 'assumed';
  /** Where the dated report.html is (ProductFields `ReportLink`). */
  reportLink?: string;
  /** Present when the findings were sent this run. */
  delivery?: SecurityHubDelivery;
}
