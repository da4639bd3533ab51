/**
 * The report's only stylesheet, inlined into report.html (allowed by its sha256; no external asset, font or image).
 * Below 760 px the tables become one card per row, so the page never scrolls sideways on a phone.
 */
export const REPORT_CSS = `
:root { --critical:#8b0000; --high:#c2410c; --medium:#a16207; --low:#1d4ed8; --info:#4b5563; --line:#d1d5db; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
header { background: #111827; color: #f9fafb; padding: 14px 20px; }
header h1 { margin: 0 0 4px; font-size: 19px; }
header p { margin: 0 0 6px; color: #d1d5db; overflow-wrap: anywhere; }
header dl.settings { color: #e5e7eb; margin: 0; }
header dl.settings dt { color: #9ca3af; }
main { padding: 14px 20px; max-width: 1400px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; margin: 0 0 14px; min-width: 0; }
h2 { font-size: 17px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 12px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f3f4f6; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
.counts { display: flex; flex-wrap: wrap; gap: 16px; }
.counts table { width: auto; min-width: 220px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: break-word; word-break: break-word; }
pre { background: #f3f4f6; padding: 6px 8px; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
a { color: #1d4ed8; }
.sev { display: inline-block; padding: 0 6px; border-radius: 4px; color: #fff; font-weight: 600; font-size: 12px; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); } .sev-medium { background: var(--medium); }
.sev-low { background: var(--low); } .sev-info { background: var(--info); }
.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; margin: 8px 0; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: #374151; min-width: 0; max-width: 100%; }
.filters input, .filters select { font: inherit; padding: 3px 4px; max-width: 100%; }
.filters input[type=search] { width: 22em; max-width: 100%; }
.table-wrap { max-width: 100%; }
.scroll { max-width: 100%; overflow-x: auto; }
button.toggle, #findings-more { font: inherit; font-size: 12px; padding: 2px 8px; cursor: pointer; }
tr.detail > td { background: #f9fafb; }
.detail-body p.summary { font-weight: 600; margin: 2px 0 6px; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px; margin: 4px 0; }
dt { color: #4b5563; } dd { margin: 0; overflow-wrap: anywhere; min-width: 0; }
.status-new { font-weight: 600; } .status-resolved { color: #047857; } .status-not-checked { color: #b45309; }
.cov-scanned { background: #ecfdf5; } .cov-partial { background: #fffbeb; } .cov-gap { background: #fef2f2; font-weight: 600; }
.matrix td, .matrix th { font-size: 12px; white-space: nowrap; }
.warn { background: #fef2f2; border: 1px solid #fca5a5; padding: 6px 8px; border-radius: 4px; }
.muted { color: #6b7280; }
.incomplete { color: #7f1d1d; border: 1px solid #fca5a5; border-radius: 4px; padding: 6px 10px; margin: 8px 0 0; }
ul.plain { padding-left: 0; list-style: none; } ul.plain li { margin: 3px 0; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 760px) {
  header, main { padding: 10px; }
  section { padding: 10px; }
  dl { grid-template-columns: minmax(0, 1fr); } dt { font-weight: 600; }
  #findings-table thead, table.cards thead { display: none; }
  #findings-table, #findings-table tbody, #findings-table tr, #findings-table td,
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  #findings-table tr.row, table.cards tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 8px; padding: 4px 0; }
  #findings-table td, table.cards td { border: 0; padding: 2px 8px; }
  #findings-table td[data-label]:not([data-label=""])::before, table.cards td[data-label]::before { content: attr(data-label) ": "; color: #6b7280; font-size: 12px; }
  #findings-table tr.detail { margin: -8px 0 8px; border: 1px solid var(--line); border-top: 0; }
}
`;
