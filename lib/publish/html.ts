/**
 * The smallest HTML toolkit the report needs: escaping, and a tagged template that escapes every interpolated
 * value unless it is already `Html`. All policy-derived text (ARNs, principals, conditions, Sids) reaches the
 * page through it, so a `<script>` in a policy is shown, never run.
 */

/** Markup that is already safe. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

type Part = Html | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** Tagged template: `html\`<td>${arn}</td>\`` escapes `arn`; arrays are joined; null / false render nothing. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Html(out);
}

/** Joins parts into one `Html`. */
export function join(parts: Part[]): Html {
  return new Html(render(parts));
}

/**
 * Text whose `quoted` parts (the house style's backticks around user input) become `<code>`: the page shows no
 * literal markdown. Every part is escaped.
 */
export function rich(text: string): Html {
  return join(text.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part)));
}
