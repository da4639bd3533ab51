/**
 * The glob of suppression rules: `*` matches any run of characters (including `:` and `/`), `?` exactly one;
 * every other character matches itself, case-sensitively (ARNs and principal values are case-sensitive).
 */

/** Compiles a glob into an anchored regular expression. */
function globToRegExp(glob: string): RegExp {
  let src = '';
  for (const ch of glob) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[\\^$.|+()[\]{}/-]/g, (c) => `\\${c}`);
  }
  return new RegExp(`^${src}$`, 's');
}

/** Does `value` match `glob`? */
export function globMatch(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}
