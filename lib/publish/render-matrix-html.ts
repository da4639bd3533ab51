/**
 * `access-matrix.html`, the "who can write" page of the access matrix: one folded section per repository, bucket and access point
 * with the principals that can push / write / manage it (role, user, root user; how; under which conditions; the
 * statements), the count of those who can only read, and a filter by text, kind and "written from another account".
 * Rendered in three parts so it can be streamed resource by resource like the CSV (lib/publish/stream-matrix.ts).
 * Every ARN, principal and condition goes through the escaping template: a `<script>` in a policy is shown, not run.
 */
import type { AccessRow, MatrixGap, MatrixResource } from '../model/access-matrix.js';
import { html, Html } from './html.js';
import { MATRIX_CSS, MATRIX_SCRIPT, matrixCsp } from './matrix-page-assets.js';

const WRITING = new Set(['push', 'write', 'manage']);
/** Writers listed per resource; the rest are counted and are in access-matrix.csv. */
export const WRITERS_SHOWN = 100;

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function gapList(gaps: MatrixGap[]): Html {
  return html`<ul>${gaps.map((g) => html`<li><code>${g.subject}</code>: ${g.reason}</li>`)}</ul>`;
}

/**
 * The page's head, title and filter form; `known` are the gaps known before any resource (IAM or SCPs not read):
 * they lead the page, as "nobody" cannot be read off a page that did not read everyone.
 */
export function matrixPageHead(title: string, known: MatrixGap[] = []): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${matrixCsp()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Who can write: ${title}</title>
<style>${new Html(MATRIX_CSS)}</style>
</head>
<body>
<header><h1>Who can write</h1><p>${title}: every principal of the organisation that can push to a repository or write to a bucket (or manage its policy), with identity policies, permissions boundaries, SCPs, RCPs and the resource policy. Readers are counted; every row is in <code>access-matrix.csv</code>.</p><p id="matrix-limits">Not in this page: a role stands for all its sessions, and a session policy, which can only narrow a session, is passed when the session is created and is not known when the organisation is scanned; who can manage an S3 access point (PutAccessPointPolicy: no sentence found says which policies decide it), requests through Multi-Region Access Points, bucket ACL grants. A request through an access point meets its policy and the bucket's: where the AWS documentation does not say what the bucket leg asks of the caller's identity policy, a row some readings deny says so (verified: no, and which readings allow it).</p></header>
<main>
<form id="matrix-filters"><label>Search <input name="q" type="search" placeholder="ARN, role, account"></label>
<label>Kind <select name="kind"><option value="">all</option><option value="ecr-repository">ECR repositories</option><option value="s3-bucket">S3 buckets</option><option value="s3-access-point">S3 access points</option></select></label>
<label><input name="cross" type="checkbox"> written from another account</label>
<span id="matrix-shown"></span></form>
${known.length > 0 ? html`<section class="gaps"><h2>Incomplete: ${plural(known.length, 'gap')} known before any resource</h2><p>Principals of these accounts or policies are not in this page: a resource with few or no writers may have more.</p>${gapList(known)}</section>` : ''}`
    .value;
}

/** `yes`, or for an access point the readings of its bucket leg the witness is allowed under, or none found. */
function witnessCell(r: AccessRow): string {
  if (r.verified) return 'yes';
  if (r.readings && r.readings.length > 0) return `only under reading ${r.readings.join(', ')} of the bucket leg`;
  return 'no witness found';
}

function writerRow(r: AccessRow): Html {
  const cross = r.principalAccount !== r.resourceAccount;
  const group = r.rootGroup
    ? html`<br>the root user of each of ${plural(r.rootGroup.accounts.length, 'account')} with the same SCPs (its <code>GROUP</code> line in <code>access-matrix.csv</code> lists them)`
    : '';
  return html`<tr><td data-label="Principal"><code>${r.principal}</code>${cross ? html` <span class="cross">other account</span>` : ''}${group}</td><td data-label="Level">${r.level}</td><td data-label="Actions">${r.actions.join(' ')}</td><td data-label="Via">${r.via}</td><td data-label="Conditions">${r.conditions.length > 0 ? r.conditions.join(' AND ') : 'none'}${r.mayBeRestrictedBy.length > 0 ? html`<br>may be restricted by: ${r.mayBeRestrictedBy.join('; ')}` : ''}</td><td data-label="Statements">${r.statements.join('; ')}</td><td data-label="Witness">${witnessCell(r)}</td></tr>`;
}

/** One resource's section (its rows of every level; the writing ones are listed). */
export function matrixPageResource(resource: MatrixResource, rows: AccessRow[]): string {
  const writers = rows.filter((r) => WRITING.has(r.level));
  const readers = new Set(rows.filter((r) => !WRITING.has(r.level)).map((r) => r.principal));
  const writerNames = new Set(writers.map((r) => r.principal));
  const readOnly = [...readers].filter((p) => !writerNames.has(p)).length;
  const cross = writers.some((r) => r.principalAccount !== r.resourceAccount);
  const text = [resource.arn, ...writerNames].join(' ').toLowerCase();
  const shown = writers.slice(0, WRITERS_SHOWN);
  const body =
    writers.length === 0
      ? html`<p class="none">Nobody in the organisation can write it, among the principals read (see the gaps at the end of the page).</p>`
      : html`<table><thead><tr><th>Principal</th><th>Level</th><th>Actions</th><th>Via</th><th>Conditions</th><th>Statements</th><th>Witness</th></tr></thead><tbody>${shown.map(writerRow)}</tbody></table>${writers.length > shown.length ? html`<p>${plural(writers.length - shown.length, 'more row')} in <code>access-matrix.csv</code>.</p>` : ''}`;
  return html`<details class="res" data-kind="${resource.type}" data-cross="${cross ? '1' : '0'}" data-text="${text}"><summary><code>${resource.arn}</code>: ${plural(writerNames.size, 'writer')}${cross ? html` <span class="cross">(from another account)</span>` : ''}, ${plural(readOnly, 'principal')} that can only read or list</summary>${body}</details>
`.value;
}

/** Every gap (what the page cannot answer, the leading ones again) and the end of the page. */
export function matrixPageTail(gaps: MatrixGap[]): string {
  const list =
    gaps.length === 0
      ? ''
      : html`<section class="gaps"><h2>Not known (${plural(gaps.length, 'gap')})</h2><p>A resource or account named here may have writers this page does not list.</p>${gapList(gaps)}</section>`;
  return html`${list}</main>
<script>${new Html(MATRIX_SCRIPT)}</script>
</body>
</html>
`.value;
}
