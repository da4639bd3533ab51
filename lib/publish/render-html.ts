/**
 * `report.html` (pure): one self-contained page an auditor can open offline. Its one inline stylesheet and one inline
 * script are allowed by their sha256 in a Content-Security-Policy whose default is `'none'`: the page loads nothing
 * from the network, and no other script (a `<script>` that slipped into policy text) could run.
 */
import { createHash } from 'node:crypto';
import { coverageSection, lintSection } from './html-coverage.js';
import { criticalWritersSection } from './html-critical-writers.js';
import { findingsSection } from './html-findings.js';
import { REPORT_SCRIPT } from './html-script.js';
import { changesSection, headerSection, summarySection, suppressionsSection } from './html-sections.js';
import { complianceSection } from './render-compliance-html.js';
import { securityHubSection } from './securityhub-delivery.js';
import { REPORT_CSS } from './html-style.js';
import { Html, html } from './html.js';
import type { ReportDoc } from './types.js';

/** `'sha256-…'` of an inline element's exact text, as CSP compares it. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's Content-Security-Policy: nothing but its own inline style and script. */
export function reportCsp(): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(REPORT_CSS)}`,
    `script-src ${cspHash(REPORT_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Renders the whole report page. A section must not use inline `style` attributes, inline event handlers or scripts:
 * the page's CSP allows only the stylesheet and script below.
 */
export function renderHtml(doc: ReportDoc): string {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="report-schema-version" content="${doc.schemaVersion}">
<title>Access report ${doc.runId}</title>
<style>${new Html(REPORT_CSS)}</style>
</head>
<body>
${headerSection(doc)}
<main>
${criticalWritersSection(doc)}
${summarySection(doc)}
${changesSection(doc)}
${findingsSection(doc)}
${suppressionsSection(doc)}
${coverageSection(doc)}
${complianceSection(doc)}
${securityHubSection(doc)}
${lintSection(doc)}
</main>
<script>${new Html(REPORT_SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
