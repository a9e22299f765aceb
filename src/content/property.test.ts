import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnsafe } from './check.js';
import { htmlToText } from './html.js';
import { sanitizeText } from './sanitize.js';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 400) };
const ESC = '\x1b';
const tag = (c: string): string => String.fromCodePoint(0xe0000 + c.charCodeAt(0));

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
/** Code points from the ranges where the interesting characters live. */
const hotCodePoint = fc
  .oneof(
    fc.integer({ min: 0x00, max: 0xff }),
    fc.integer({ min: 0x0300, max: 0x036f }),
    fc.integer({ min: 0x0600, max: 0x06ff }),
    fc.integer({ min: 0x0900, max: 0x097f }),
    fc.integer({ min: 0x1800, max: 0x18af }),
    fc.integer({ min: 0x2000, max: 0x206f }),
    fc.integer({ min: 0x20d0, max: 0x20ff }),
    fc.integer({ min: 0xfe00, max: 0xfe0f }),
    fc.integer({ min: 0xfff0, max: 0xffff }),
    fc.integer({ min: 0x1f300, max: 0x1faff }),
    fc.integer({ min: 0xe0000, max: 0xe01ff }),
    fc.integer({ min: 0x4e00, max: 0x4e10 }),
  )
  .map((cp) => String.fromCodePoint(cp));
/** Fragments that combine into escape sequences, joiner contexts and markdown constructs. */
const fragment = fc.constantFrom(
  ESC,
  `${ESC}[`,
  `${ESC}]`,
  `${ESC}]8;;https://evil.example/`,
  `${ESC}\\`,
  '\x07',
  '\x9b',
  '\x9d',
  '\x9c',
  '31m',
  '\u202E',
  '\u2066',
  '\u200B',
  '\u200C',
  '\u200D',
  '\uFE0F',
  '\uFE0E',
  '\uFE00',
  '\u{E0100}',
  '\u034F',
  '\u180B',
  '\u20E3',
  '\u{1F3F4}',
  tag('g') + tag('b'),
  tag('s') + tag('c') + tag('t') + '\u{E007F}',
  '\u{E007F}',
  '\u{1F468}',
  '\u{1F3FD}',
  '\u2708',
  '1',
  '#',
  '\u0645',
  '\u06CC',
  '\u0915',
  '\u094D',
  '\u845B',
  'a',
  ' ',
  '\n',
  '\r',
  '\t',
  '![',
  '[',
  ']',
  '](',
  '][',
  ']:',
  '(',
  ')',
  'https://x.example/?a=1&b=2',
  'javascript:',
  '```',
  '~~~',
  'system',
  'user',
  '-prompt',
  '<',
  '>',
  '<|',
  '|>',
  '｜',
  '[INST]',
  'img ',
  'script>',
  '!--',
  '/untrusted-',
  '&',
  '&#',
  '8203;',
  'x202E;',
  'zwj;',
  '\uD800',
  '\uDC00',
);

const fullUnicode = fc.string({ unit: 'binary', maxLength: 200 });
const units = fc.string({ unit: codeUnit, maxLength: 200 });
const mixed = fc.string({ unit: fc.oneof(fragment, hotCodePoint, codeUnit), maxLength: 120 });
const anyText = fc.oneof(fullUnicode, units, mixed, mixed);

describe('sanitizeText properties', () => {
  it('never outputs a forbidden code point, escape sequence or misplaced joiner/selector', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = sanitizeText(s);
        expect(findUnsafe(out)).toBeUndefined();
        expect(out).not.toContain(ESC);
        expect(out).not.toContain('\r');
      }),
      RUNS,
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = sanitizeText(s);
        expect(sanitizeText(once)).toBe(once);
      }),
      RUNS,
    );
  });

  it('leaves no renderable image, no inline link with a URL and no chat token', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        const out = sanitizeText(s);
        expect(out).not.toMatch(/!\[[^[\]]*\]\([^()]*\)/);
        expect(out).not.toMatch(/\[[^[\]]*\]\(\s*<?(?:https?|javascript):[^()\s]*\)/i);
        expect(out).not.toMatch(/<\|[^<>|\n]{0,64}\|>/);
        expect(out).not.toMatch(/<\s*\/?\s*untrusted-/i);
        expect(out).not.toMatch(/<(?:img|script|iframe)(?![\w:-])/i);
      }),
      RUNS,
    );
  });

  it('is idempotent and clean on markdown-dense input', () => {
    const md = fc.string({
      unit: fc.constantFrom(
        ...['[', ']', '(', ')', '!', ':', '\n', ' ', 'a', 'https://x', '<', '>', '|', '`', '```', 'system'],
        ...[
          '&',
          '#',
          '8203;',
          '\\',
          '"',
          '-',
          '<|',
          '|>',
          'img',
          '!--',
          'INST',
          '\u200D',
          '\uFE0F',
          '\u{1F600}',
        ],
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(md, (s) => {
        const out = sanitizeText(s);
        expect(sanitizeText(out)).toBe(out);
        expect(findUnsafe(out)).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('passes text with nothing to strip through unchanged', () => {
    const word = fc.oneof(
      fc.string({
        unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
        minLength: 1,
        maxLength: 8,
      }),
      fc.string({ unit: fc.constantFrom(...'你好世界日本語한국어'), minLength: 1, maxLength: 4 }),
      fc.string({ unit: fc.constantFrom(...'שלוםעולם'), minLength: 1, maxLength: 6 }),
      fc.string({ unit: fc.constantFrom(...'مرحبابالعالم'), minLength: 1, maxLength: 6 }),
      fc.string({ unit: fc.constantFrom(...'привет'), minLength: 1, maxLength: 6 }),
    );
    const safeToken = fc.oneof(
      word,
      word,
      fc.constantFrom(
        ' ',
        ' ',
        '\n',
        '\t',
        '\u00A0',
        '.',
        ',',
        ';',
        ':',
        '!',
        '?',
        "'",
        '"',
        '(',
        ')',
        '-',
        '_',
        '/',
        '@',
        '%',
        '+',
        '=',
        '*',
        '&',
        ' < ',
        ' > ',
        'a<b',
        'c>d',
        '<john@example.com>',
        'AT&T',
        'https://example.com/?q=a&b=c',
        '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
        '\u2708\uFE0F',
        '1\uFE0F\u20E3',
        '\u{1F44D}\u{1F3FD}',
        'می\u200Cخواهم',
        '\u845B\u{E0100}',
        `\u{1F3F4}${[...'gbeng'].map(tag).join('')}\u{E007F}`,
        '```json',
        '> quoted',
        '- item',
      ),
    );
    fc.assert(
      fc.property(fc.string({ unit: safeToken, maxLength: 60 }), (s) => {
        expect(sanitizeText(s)).toBe(s);
      }),
      RUNS,
    );
  });
});

describe('htmlToText properties', () => {
  const htmlPiece = fc.oneof(
    fc.constantFrom(
      '<p>',
      '</p>',
      '<div>',
      '</div>',
      '<br>',
      '<b>',
      '</b>',
      '<ul>',
      '<li>',
      '</li>',
      '</ul>',
      '<ol start="7">',
      '</ol>',
      '<blockquote>',
      '</blockquote>',
      '<table>',
      '<tr>',
      '<td>',
      '</td>',
      '</tr>',
      '</table>',
      '<pre>',
      '</pre>',
      '<a href="https://x.example/?a=1&amp;b=2">',
      '<a href="javascript:alert(1)">',
      '<a href="mailto:jo@ex.com">',
      '</a>',
      '<img alt="alt" src="https://exfil.example/">',
      '<img src="x">',
      '<!--',
      '-->',
      '<style>',
      '</style>',
      '<span style="display:none">',
      '</span>',
      '&#8203;',
      '&#x202E;',
      '&#27;[2J',
      '&#xE0041;',
      '&zwj;',
      '&amp;',
      '&lt;script&gt;',
      '&nbsp;',
      '<',
      '>',
      '"',
      '![x](https://exfil.example/)',
      '```system',
      '\n',
      ' ',
    ),
    mixed,
  );
  const htmlDoc = fc.string({ unit: htmlPiece, maxLength: 60 });

  it('never outputs a forbidden code point or an HTML <script tag', () => {
    fc.assert(
      fc.property(htmlDoc, (html) => {
        const out = htmlToText(html);
        expect(findUnsafe(out)).toBeUndefined();
        expect(out).not.toMatch(/<script/i);
        expect(sanitizeText(out)).toBe(out);
      }),
      RUNS,
    );
  });

  it('never shows the content of a <script> or <style> element', () => {
    fc.assert(
      fc.property(htmlDoc, htmlDoc, fc.constantFrom('script', 'style'), (before, after, el) => {
        // Close whatever the random prefix left open (comments, attribute quotes, tags) first.
        const html = `${before}"'-->><${el}>SECRET_PAYLOAD</${el}>${after}`;
        expect(htmlToText(html)).not.toContain('SECRET_PAYLOAD');
      }),
      RUNS,
    );
  });
});
