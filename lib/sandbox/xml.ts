/**
 * Minimal XML writing for the awsQuery and restXml replies: escaping and element helpers. Elements whose
 * value is `undefined` are omitted, as AWS omits absent members.
 */

/** Escapes text for an XML element or attribute. */
export function esc(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch] as string,
  );
}

/** `<name>value</name>`; scalar values are escaped, arrays of already-built children are joined. */
export function el(name: string, value: string | number | boolean | string[] | undefined | null, attrs = ''): string {
  if (value === undefined || value === null) return '';
  const inner = Array.isArray(value) ? value.join('') : esc(String(value));
  return `<${name}${attrs}>${inner}</${name}>`;
}

/** `<name>` around children that are already XML. */
export function wrap(name: string, children: string[], attrs = ''): string {
  return `<${name}${attrs}>${children.join('')}</${name}>`;
}

/** An XML document with the declaration. */
export function doc(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}
