import { describe, expect, it } from 'vitest';
import { findUnsafe } from './check.js';
import { isRoleInfo } from './markdown.js';
import { sanitizeText } from './sanitize.js';
import { sanitizerPathological } from '../../test/fixtures/pathological.js';

const ESC = '\x1b';

describe('sanitizeText: escape sequences', () => {
  it('drops an unterminated OSC introducer but keeps the text after it', () => {
    expect(sanitizeText(`${ESC}]0;no terminator`)).toBe('0;no terminator');
  });
  it('ends an OSC at the next ESC and strips that sequence too', () => {
    expect(sanitizeText(`${ESC}]0;title${ESC}[31mred`)).toBe('red');
  });
  it('aborts a CSI on a byte outside its grammar', () => {
    expect(sanitizeText(`${ESC}[12\u00e9x`)).toBe('\u00e9x');
  });
  it('shows an OSC-8 target only when it is a printable, non-dangerous URI', () => {
    expect(sanitizeText(`${ESC}]8;;javascript:alert(1)${ESC}\\x${ESC}]8;;${ESC}\\`)).toBe('x');
    expect(sanitizeText(`${ESC}]8;id=1;https://a.example/${'\x07'}x${ESC}]8;;${'\x07'}`)).toBe(
      'x (https://a.example/)',
    );
  });
  it('strips C1 string sequences (SOS, PM, APC)', () => {
    expect(sanitizeText('a\u0098sos\u009cb\u009epm\u009cc\u009fapc\u009cd')).toBe('abcd');
  });
  it('converts every kind of line break to \\n', () => {
    expect(sanitizeText('a\r\nb\rc\u000bd\u000ce\u0085f\u2028g\u2029h')).toBe('a\nb\nc\nd\ne\nf\ng\nh');
  });
});

describe('sanitizeText: joiners and selectors', () => {
  it('keeps ZWNJ between Arabic-script and Indic letters only', () => {
    expect(sanitizeText('\u0646\u0645\u06CC\u200C\u0634\u0648\u062F')).toBe(
      '\u0646\u0645\u06CC\u200C\u0634\u0648\u062F',
    );
    expect(sanitizeText('\u0915\u094D\u200C\u0937')).toBe('\u0915\u094D\u200C\u0937');
    expect(sanitizeText('\u0645\u200C ')).toBe('\u0645 ');
    expect(sanitizeText('\u200C\u0645')).toBe('\u0645');
  });
  it('collapses runs of joiners to the one that is valid', () => {
    expect(sanitizeText('\u{1F468}\u200D\u200D\u{1F469}')).toBe('\u{1F468}\u200D\u{1F469}');
    expect(sanitizeText('\u0645\u200C\u200C\u06CC')).toBe('\u0645\u200C\u06CC');
  });
  it('keeps CGJ between a letter and a combining mark only', () => {
    expect(sanitizeText('a\u034F\u0308')).toBe('a\u034F\u0308');
    expect(sanitizeText('a\u034Fb')).toBe('ab');
  });
  it('keeps Mongolian free variation selectors after Mongolian letters only', () => {
    expect(sanitizeText('\u1820\u180B')).toBe('\u1820\u180B');
    expect(sanitizeText('a\u180B')).toBe('a');
  });
  it('keeps exactly the three RGI subdivision flags', () => {
    const flag = (code: string): string =>
      `\u{1F3F4}${[...code].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')}\u{E007F}`;
    for (const code of ['gbeng', 'gbsct', 'gbwls']) expect(sanitizeText(flag(code))).toBe(flag(code));
    expect(sanitizeText(flag('usca'))).toBe('\u{1F3F4}');
    expect(sanitizeText(`x${flag('gbeng').slice(2)}`)).toBe('x'); // tags without the black flag
  });
});

describe('sanitizeText: markdown', () => {
  it('decides role words in fence info strings sensibly', () => {
    for (const info of [
      'system',
      'System',
      'system-prompt',
      'system_prompt',
      'systemprompt',
      'tool_call',
      'assistant-response',
      'role=user',
      'json role=system',
      '<|im_start|>',
      '[INST]',
      'developer',
      'instructions',
    ])
      expect(isRoleInfo(info), info).toBe(true);
    for (const info of [
      '',
      'json',
      'ts',
      'python',
      'user-guide',
      'systemd',
      'toolbox',
      'rust,ignore',
      'sh',
      'diff',
      'text',
      'c++',
      'objective-c',
      'user.js',
    ])
      expect(isRoleInfo(info), info).toBe(false);
  });
  it('leaves non-URL inline links alone and rewrites URL-like ones', () => {
    expect(sanitizeText('[a](#top) [b](/path) [c](www.x.example) [d](//x.example/p)')).toBe(
      '[a](#top) [b](/path) c (www.x.example) d (//x.example/p)',
    );
  });
  it('shows a mailto: link as the address', () => {
    expect(sanitizeText('[Jo](mailto:jo@ex.com?subject=hi) [jo@ex.com](mailto:jo@ex.com)')).toBe(
      'Jo (jo@ex.com) jo@ex.com',
    );
  });
  it('uses the first definition and keeps undefined references literal', () => {
    expect(sanitizeText('[a][x] [b][y]\n[x]: https://one.example\n[x]: https://two.example')).toBe(
      'a (https://one.example) [b][y]\nx: https://one.example\nx: https://two.example',
    );
  });
  it('removes explicit reference images even without a definition', () => {
    expect(sanitizeText('![logo][nope] and ![alt][]')).toBe('logo and alt');
  });
  it('neutralizes definitions inside quotes and lists', () => {
    expect(sanitizeText('> [a]: https://x.example\n- [b]: https://y.example')).toBe(
      '> a: https://x.example\n- b: https://y.example',
    );
  });
  it('breaks link syntax apart when nesting is adversarially deep, instead of giving up', () => {
    const depth = 50;
    const input = '['.repeat(depth) + 'x' + '](https://e.example)'.repeat(depth);
    const out = sanitizeText(input);
    expect(out).not.toMatch(/\]\(/);
    expect(sanitizeText(out)).toBe(out);
  });
  it('neutralizes entity-encoded invisibles without touching AT&T or &amp;', () => {
    expect(sanitizeText('AT&T &amp; &copy; &#65; &#x200B; &shy;')).toBe(
      'AT&T &amp; &copy; &#65; &amp;#x200B; &amp;shy;',
    );
  });
});

describe('sanitizeText: pathological inputs come out safe', () => {
  const cases = sanitizerPathological(200_000);
  for (const [name, input] of Object.entries(cases)) {
    it(name, () => {
      const out = sanitizeText(input);
      expect(findUnsafe(out)).toBeUndefined();
    });
  }
});
