/**
 * What report.html needs of the report's lists before it writes the table, gathered in one pass and bounded by a
 * small constant per finding (its compliance part) and by the resources read (the population), never by the
 * findings' evidence: the changes section's digest, the row counts of the table, and the compliance rows.
 */
import type { ReportFinding } from '../findings/model.js';
import { ChangesDigest } from './html-sections.js';
import type { PopulationEntry } from './population.js';
import {
  complianceFinding,
  complianceRowsOf,
  type ComplianceFinding,
  type ComplianceRow,
} from './render-compliance.js';
import type { ReportHead } from './report-stream.js';

/** Fed each finding, resolved finding and population entry in report order. */
export class PageDigest {
  readonly changes = new ChangesDigest();
  private open = 0;
  private gone = 0;
  private readonly compliance: ComplianceFinding[] = [];
  private readonly entries: PopulationEntry[] = [];

  /**
   * @param hasPopulation whether the report has a population at all (older reports have none); by default, when
   *   at least one entry came
   */
  constructor(private readonly hasPopulation?: boolean) {}

  finding(f: ReportFinding): void {
    this.open += 1;
    this.changes.finding(f);
    this.compliance.push(complianceFinding(f));
  }

  resolved(f: ReportFinding): void {
    this.gone += 1;
    this.changes.resolved(f);
  }

  population(p: PopulationEntry): void {
    this.entries.push(p);
  }

  /** The table's rows (`total`: open, not-checked and resolved) and of them not resolved (`open`). */
  counts(): { total: number; open: number } {
    return { total: this.open + this.gone, open: this.open };
  }

  /** The rows of the compliance section, or null when the report has no population. */
  complianceRows(head: Pick<ReportHead, 'lint'>): ComplianceRow[] | null {
    if (!(this.hasPopulation ?? this.entries.length > 0)) return null;
    return complianceRowsOf(this.compliance, head.lint, this.entries);
  }

  /** The first line of the findings section: how many rows the report has. */
  get total(): number {
    return this.open + this.gone;
  }
}
