import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut } from '../../lib/publish/render-asff.js';
import { neutralise } from '../../lib/publish/sns-lines.js';
import { BIDI_CONTROLS, inertSlackText } from '../../lib/publish/slack-text.js';

// Text taken from policies is hostile: it may reorder what is shown (Trojan Source bidi controls), plant a link
// someone clicks, or be cut into invalid Unicode.
const BIDI = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
];
/** A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('Slack text from policies', () => {
  it.each(BIDI.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase()}`, c]))(
    'strips the bidirectional control %s',
    (_, c) => {
      // Given a principal whose ARN hides its account behind a right-to-left override
      const hostile = `arn:aws:iam::${c}111122223333${c}:root`;
      // When it is made Slack text
      const text = neutralise(hostile);
      // Then the control is gone and the value reads as it is
      expect(text).toBe('arn:aws:iam::111122223333:root');
    },
  );

  it.each([
    ['https://evil.example/login?x=1', 'https[:]//evil[.]example/login?x=1'],
    ['see http://a.b.c and HTTPS://x.y', 'see http[:]//a[.]b[.]c and HTTPS[:]//x[.]y'],
    ['ftp://files.example.org/x', 'ftp[:]//files[.]example[.]org/x'],
    ['www.phish.example/path', 'www[.]phish[.]example/path'],
    ['mailto:cfo@corp.example', 'mailto[:]cfo@\u200bcorp.example'],
    ['https://https://x.y', 'https[:]//https[:]//x[.]y'],
  ])('defangs the bare link in %s', (value, expected) => {
    expect(neutralise(value)).toBe(expected);
  });

  it('keeps mention and markup breaking, and line breaks out, with the new characters too', () => {
    expect(neutralise('<!channel>\u2028@here `x`')).toBe("<\u200b!channel> @\u200bhere 'x'");
  });

  it('never leaves a bidi control, a scheme link or a lone surrogate in any value, at any cut', () => {
    const hostileChar = fc.constantFrom(
      ...BIDI,
      '😀',
      '\ud83d',
      '\ude00',
      'https://',
      'www.',
      '.',
      'a',
      ' ',
      '<',
      '@',
      '\n',
      '`',
    );
    fc.assert(
      fc.property(
        fc.array(hostileChar, { maxLength: 60 }).map((xs) => xs.join('')),
        fc.integer({ min: 2, max: 80 }),
        (value, max) => {
          const text = inertSlackText(value, max);
          expect(text).not.toMatch(BIDI_CONTROLS);
          expect(text).not.toMatch(/[a-z]:\/\//i);
          expect(Array.from(text).length).toBeLessThanOrEqual(max);
          // A lone surrogate in the input may stay (it was there); a cut never makes one.
          if (!LONE.test(value)) expect(text).not.toMatch(LONE);
        },
      ),
    );
  });
});

describe('ASFF text cut', () => {
  it('cuts before an emoji rather than through it', () => {
    // Given a title whose 256th code unit is the first half of an emoji
    const title = `${'a'.repeat(254)}😀😀`;
    // When it is cut to the ASFF Title limit
    const out = cut(title, 256);
    // Then no lone surrogate is left and the limit holds
    expect(out).toBe(`${'a'.repeat(254)}…`);
    expect(out).not.toMatch(LONE);
  });

  it('stays within the limit on code point boundaries for any text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'é', '😀', '𝒜', '\u202e'), { maxLength: 400 }).map((xs) => xs.join('')),
        fc.integer({ min: 1, max: 300 }),
        (text, max) => {
          const out = cut(text, max);
          expect(out.length).toBeLessThanOrEqual(Math.max(max, 1));
          expect(out).not.toMatch(LONE);
          if (text.length <= max) expect(out).toBe(text);
          else expect(text.startsWith(out.slice(0, -1))).toBe(true);
        },
      ),
    );
  });
});
