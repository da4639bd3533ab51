import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../lib/publish/html.js';
import { csvCell } from '../../lib/publish/render-csv.js';
import { neutralise } from '../../lib/publish/sns-lines.js';

/** Reads one RFC 4180 cell back. */
function unquote(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

describe('renderer escaping, for any text', () => {
  it('a CSV cell reads back as the text (with a leading quote only when it looked like a formula) and never starts a formula', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const back = unquote(csvCell(text));
        expect(back).toBe(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
        expect(back).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it('escaped HTML has no markup character left and unescapes to the text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const out = escapeHtml(text);
        expect(out).not.toMatch(/[<>"']/);
        expect(
          out
            .replace(/&#39;/g, "'")
            .replace(/&quot;/g, '"')
            .replace(/&gt;/g, '>')
            .replace(/&lt;/g, '<')
            .replace(/&amp;/g, '&'),
        ).toBe(text);
      }),
    );
  });

  it('neutralised chat text holds no Slack mention or link markup and no backtick', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('<!channel>', '<!here>', '<@U1>', '<#C1>', '@everyone', '<http://x|y>'),
        fc.string(),
        (a, markup, b) => {
          const out = neutralise(`${a}${markup}${b}`, 10_000);
          expect(out).not.toMatch(/<[!@#h]|@(channel|here|everyone)|`/);
        },
      ),
    );
  });
});
