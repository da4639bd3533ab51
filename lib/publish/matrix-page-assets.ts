/**
 * The stylesheet and the only script of `access-matrix.html` (the "who can write" page), inlined and allowed by
 * their sha256 in the page's Content-Security-Policy, as report.html's are. The script filters the resource
 * sections by text, resource kind and "written from another account" (`data-*` attributes set by the renderer);
 * it reads no network, evaluates nothing and writes text through `textContent` only.
 */
import { createHash } from 'node:crypto';

/** The page's stylesheet (below 760 px each writer row becomes a labelled card). */
export const MATRIX_CSS = `
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
header { background: #111827; color: #f9fafb; padding: 14px 20px; }
header h1 { margin: 0 0 4px; font-size: 19px; }
header p { margin: 0; color: #d1d5db; overflow-wrap: anywhere; }
main { padding: 14px 20px; max-width: 1400px; }
form { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 0 0 12px; }
details.res { background: #fff; border: 1px solid #d1d5db; border-radius: 6px; padding: 8px 12px; margin: 0 0 8px; }
details.res summary { cursor: pointer; overflow-wrap: anywhere; }
.cross { color: #8b0000; font-weight: 600; }
.none { color: #4b5563; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid #d1d5db; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f3f4f6; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
.gaps { background: #fff7ed; border: 1px solid #fdba74; border-radius: 6px; padding: 8px 12px; margin: 0 0 12px; }
[hidden] { display: none !important; }
@media (max-width: 760px) { table, tbody, tr, td { display: block; } thead { display: none; } td { border: 0; padding: 2px 0; } tr { border-top: 1px solid #d1d5db; padding: 4px 0; } td::before { content: attr(data-label) ": "; color: #4b5563; } }
`;

/** The page's script: the filter form shows and hides `details.res` sections; sets `body[data-ready]` when done. */
// biome-ignore lint/complexity/noUselessStringRaw: the page's script is hashed into its CSP as written; raw keeps any later backslash literal
export const MATRIX_SCRIPT = String.raw`(function () {
  'use strict';
  var form = document.getElementById('matrix-filters');
  var sections = Array.prototype.slice.call(document.querySelectorAll('details.res'));
  var shown = document.getElementById('matrix-shown');
  function apply() {
    var q = form.elements.q.value.trim().toLowerCase();
    var kind = form.elements.kind.value;
    var cross = form.elements.cross.checked;
    var n = 0;
    sections.forEach(function (s) {
      var ok = (!q || s.getAttribute('data-text').indexOf(q) >= 0) && (!kind || s.getAttribute('data-kind') === kind) && (!cross || s.getAttribute('data-cross') === '1');
      s.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + sections.length + ' resources shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
  document.body.setAttribute('data-ready', '1');
})();`;

/** `'sha256-…'` of an inline element's exact text. */
function hash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's Content-Security-Policy: its own inline style and script, nothing else. */
export function matrixCsp(): string {
  return [
    "default-src 'none'",
    `style-src ${hash(MATRIX_CSS)}`,
    `script-src ${hash(MATRIX_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
