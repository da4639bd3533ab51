/**
 * Text taken from policies (principals, conditions, ARNs, statement ids) made inert for Slack / Teams markdown and
 * for the eye: a value must not reorder what is shown around it, ping a channel, or become a link someone clicks.
 * - Bidirectional controls are removed: U+202A..U+202E (embeddings and overrides, the "Trojan Source" U+202E),
 *   U+2066..U+2069 (isolates), U+200E / U+200F / U+061C (marks); they let `moc.live` read as `evil.com`.
 *   Unicode line / paragraph separators (U+2028, U+2029) become spaces like any line break.
 * - Bare links are defanged: `https://evil.example/x` becomes `https[:]//evil[.]example/x`, `www.evil.example`
 *   becomes `www[.]evil[.]example`, `mailto:` becomes `mailto[:]`: Slack turns bare URLs into links, and a policy's
 *   `aws:Referer` value is not a link the scanner vouches for. (The report link the scanner makes is not passed here.)
 * - Slack markup: a zero-width space after `<` breaks `<!channel>`, `<@U123>`, `<#C1>` and `<http://x|label>`; one
 *   after `@` breaks `@channel` / `@here`; one after `&` breaks entities; backticks become `'` so a value cannot
 *   close its code span; line breaks become spaces.
 * Long values are cut on a code point boundary, never inside a surrogate pair.
 */

/** Bidirectional formatting characters (Unicode UAX #9), removed from untrusted text. */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Defangs what Slack would turn into a link. */
export function defangLinks(text: string): string {
  let t = text;
  // A host may swallow the next scheme (`https://https://x.y`): repeat until nothing changes (bounded).
  for (let i = 0; i < 8; i++) {
    const next = t.replace(
      /\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#]*)/gi,
      (_, scheme: string, host: string) => `${scheme}[:]//${host.replace(/\./g, '[.]')}`,
    );
    if (next === t) break;
    t = next;
  }
  return (
    t
      .replace(/\bwww\.([^\s/?#]*)/gi, (_, rest: string) => `www[.]${rest.replace(/\./g, '[.]')}`)
      .replace(/\bmailto:/gi, 'mailto[:]')
      // INVARIANT: no `://` is left, whatever the loop above stopped at.
      .replace(/:\/\//g, '[:]//')
  );
}

/** Cuts to at most `max` code points (an ellipsis marks the cut), never leaving half a surrogate pair. */
export function cutCodePoints(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Makes untrusted text inert in Slack / Teams markdown (see the file comment). */
export function inertSlackText(text: string, max: number): string {
  const s = defangLinks(text.replace(BIDI_CONTROLS, '').replace(/[\r\n\t\u2028\u2029]+/g, ' '))
    .replace(/`/g, "'")
    .replace(/</g, '<\u200b')
    .replace(/@/g, '@\u200b')
    .replace(/&/g, '&\u200b');
  return cutCodePoints(s, max);
}
