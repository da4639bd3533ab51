/**
 * The report's only stylesheet, inlined into report.html (no external asset, no font, no image).
 */
export const REPORT_CSS = `
:root { --critical:#8b0000; --high:#c2410c; --medium:#a16207; --low:#1d4ed8; --info:#4b5563; --line:#d1d5db; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
header { background: #111827; color: #f9fafb; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #d1d5db; }
main { padding: 16px 24px; max-width: 1400px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; }
h2 { font-size: 17px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 12px 0 6px; }
h4 { font-size: 14px; margin: 8px 0 4px; font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
#summary table { width: auto; min-width: 360px; display: inline-table; margin-right: 24px; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
pre { background: #f3f4f6; padding: 6px 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.sev { display: inline-block; padding: 0 6px; border-radius: 4px; color: #fff; font-weight: 600; font-size: 12px; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); } .sev-medium { background: var(--medium); }
.sev-low { background: var(--low); } .sev-info { background: var(--info); }
.status { font-size: 12px; padding: 0 6px; border: 1px solid var(--line); border-radius: 4px; }
.finding { border-left: 4px solid var(--line); padding: 4px 0 4px 10px; margin: 8px 0; }
.finding.critical { border-color: var(--critical); } .finding.high { border-color: var(--high); }
.finding.medium { border-color: var(--medium); } .finding.low { border-color: var(--low); }
.finding.suppressed { opacity: .75; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; }
dt { color: #4b5563; } dd { margin: 0; word-break: break-all; }
.cov-scanned { background: #ecfdf5; } .cov-partial { background: #fffbeb; } .cov-gap { background: #fef2f2; font-weight: 600; }
.warn { background: #fef2f2; border-color: #fca5a5; }
.muted { color: #6b7280; }
.incomplete { color: #7f1d1d; border: 1px solid #fca5a5; border-radius: 4px; padding: 6px 10px; margin: 8px 0 0; }
`;
