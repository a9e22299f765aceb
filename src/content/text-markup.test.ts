import { describe, expect, it } from 'vitest';
import { cleanHtml } from './html-clean.js';
import { htmlToText } from './html.js';
import { MARKUP_TAGS, textToSafeHtml } from './text-markup.js';

/** Every tag of the result is in the small set and has no attribute at all. */
function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([^\s>/]+)([^>]*)>/g)].map((m) => {
    expect(m[2], `attributes on <${m[1]}>`).toBe('');
    return m[1] ?? '';
  });
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src="https://evil.example/pixel.png" onerror="alert(1)">',
  '![tracker](https://evil.example/t.png)',
  '[click me](javascript:alert(1))',
  '**<b onmouseover="x()">bold</b>**',
  '`</code><script>alert(2)</script>`',
  '<a href="https://evil.example">x</a> &amp; <iframe src=//evil>',
  '- <svg onload=alert(3)>',
  '1. <style>body{display:none}</style>',
  '# <h1 onclick=x>Heading</h1>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'a\u202Eb\u200Bc\u0007d',
  '"><svg/onload=alert(4)>',
  "' onfocus='x' autofocus='",
];

describe('textToSafeHtml', () => {
  it('builds paragraphs, line breaks, lists, headings and inline marks', () => {
    expect(
      textToSafeHtml(
        '# Reset\nSteps:\n\n- Open **Settings**\n- Click *Reset*\n\n1. `sudo` it\n2. _done_\n\nLine one\nline two',
      ),
    ).toBe(
      '<h3>Reset</h3><p>Steps:</p><ul><li>Open <strong>Settings</strong></li><li>Click <em>Reset</em></li></ul>' +
        '<ol><li><code>sudo</code> it</li><li><em>done</em></li></ol><p>Line one<br>line two</p>',
    );
  });

  it.each(HOSTILE)('keeps hostile input as text: %s', (input) => {
    const html = textToSafeHtml(input);
    for (const t of tagsOf(html)) expect(MARKUP_TAGS).toContain(t);
    expect(html).not.toMatch(/<(script|img|a|iframe|svg|style|b|h1)\b/i);
    expect(cleanHtml(html).removed).toEqual([]);
    // What the text said is still there, as text (escaped, between the allowed tags).
    for (const word of input.match(/[A-Za-z]{4,}/g) ?? []) expect(html).toContain(word);
    expect(htmlToText(html)).not.toMatch(/<(script|img|iframe|svg)\b[^>]*>/i);
  });

  it('drops control, BiDi and zero-width characters, and is empty for blank text', () => {
    expect(textToSafeHtml('a\u202Eb\u200Bc\u0007d')).toBe('<p>abcd</p>');
    expect(textToSafeHtml(' \n\t\n ')).toBe('');
  });

  it('leaves underscores and asterisks inside words alone', () => {
    expect(textToSafeHtml('snake_case_name and 2*3*4')).toBe('<p>snake_case_name and 2*3*4</p>');
  });

  it('handles the longest bodies of any shape without failing (no recursion per line)', () => {
    for (const s of ['# x\n', '- x\n', '1. x\n', 'x\n', '*a ', '**a ', '`', '_a ']) {
      const input = s.repeat(Math.floor(100_000 / s.length));
      const html = textToSafeHtml(input);
      const tags = new Set([...html.matchAll(/<\/?([^\s>/]+)[^>]*>/g)].map((m) => m[1]));
      expect([...tags].filter((t) => !(MARKUP_TAGS as readonly string[]).includes(t ?? ''))).toEqual([]);
      expect(html).not.toMatch(/<[a-z0-9]+\s/);
    }
    expect(textToSafeHtml('# A\n# B\ntext')).toBe('<h3>A</h3><h3>B</h3><p>text</p>');
  });
});
