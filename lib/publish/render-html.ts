/**
 * `report.html` (pure): one self-contained page an auditor can open offline. Inline CSS only, no script, no
 * external asset; a Content-Security-Policy of `default-src 'none'` makes the browser refuse any request the
 * page might otherwise make, so policy text that slipped through could not load anything either.
 */
import { findingsSection } from './html-findings.js';
import { complianceSection } from './render-compliance-html.js';
import { securityHubSection } from './securityhub-delivery.js';
import { changesSection, coverageSection, lintSection, summarySection, suppressionsSection } from './html-sections.js';
import { REPORT_CSS } from './html-style.js';
import { Html, html } from './html.js';
import type { ReportDoc } from './types.js';

/** Renders the whole report page. */
export function renderHtml(doc: ReportDoc): string {
  const org = doc.organization ? `organization ${doc.organization.id}` : 'no organization';
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="report-schema-version" content="${doc.schemaVersion}">
<title>Access report ${doc.runId}</title>
<style>${new Html(REPORT_CSS)}</style>
</head>
<body>
<header><h1>Who outside the zone of trust can reach ECR and S3</h1>
<p>Run <code>${doc.runId}</code>, ${doc.generatedAt}, ${org}, regions ${doc.regions.join(', ')}</p>
${doc.incomplete ? html`<p class="warn incomplete" role="alert"><strong>Scan incomplete: ${doc.incomplete.summary}</strong></p>` : ''}</header>
<main>
${summarySection(doc)}
${changesSection(doc)}
${findingsSection(doc)}
${suppressionsSection(doc)}
${coverageSection(doc)}
${complianceSection(doc)}
${securityHubSection(doc)}
${lintSection(doc)}
</main>
</body>
</html>
`;
  return page.value;
}
