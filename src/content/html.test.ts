import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { findUnsafe } from './check.js';
import { htmlToText } from './html.js';
import { htmlPathological } from '../../test/fixtures/pathological.js';

describe('htmlToText', () => {
  it('separates paragraphs with a blank line and collapses whitespace like a browser', () => {
    expect(htmlToText('<p>  Hello\n   <b>World</b> </p>\n\n<p>Second\tline</p>')).toBe(
      'Hello World\n\nSecond line',
    );
  });

  it('turns <br> into a line break and keeps at most one blank line', () => {
    expect(htmlToText('<div>a<br>b<br><br><br><br>c</div><div>d</div>')).toBe('a\nb\n\nc\nd');
    expect(htmlToText('<p>a</p><p>&nbsp;</p><p>&nbsp;</p><p>b</p>')).toBe('a\n\nb');
  });

  it('renders nested and numbered lists', () => {
    expect(
      htmlToText(
        '<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul><ol start="3"><li>c</li><li value="9">i</li><li>j</li></ol>',
      ),
    ).toBe('- one\n- two\n  - deep\n\n3. c\n9. i\n10. j');
  });

  it('prefixes block quotes, nested ones too', () => {
    expect(
      htmlToText('<p>New</p><blockquote><p>old</p><blockquote><p>older</p></blockquote></blockquote>'),
    ).toBe('New\n\n> old\n>\n> > older');
  });

  it('renders links as text (url)', () => {
    expect(htmlToText('<a href="https://x.example/a?b=1&amp;c=2">docs</a>')).toBe(
      'docs (https://x.example/a?b=1&c=2)',
    );
    expect(htmlToText('<a href="https://x.example/">https://x.example/</a>')).toBe('https://x.example/');
    expect(htmlToText('<a href="https://x.example/"></a>')).toBe('https://x.example/');
    expect(htmlToText('<a href="mailto:jo@ex.com">write us</a>')).toBe('write us (jo@ex.com)');
    expect(htmlToText('<a href="mailto:jo@ex.com">jo@ex.com</a>')).toBe('jo@ex.com');
    expect(htmlToText('<a href="#section">jump</a> <a>plain</a>')).toBe('jump plain');
    expect(htmlToText('<a href="vbscript:x">v</a> <a href="data:text/html,x">d</a>')).toBe('v d');
    expect(htmlToText('<a href="https://evil.example"><div>Click</div><div>here</div></a>')).toBe(
      'Click\nhere (https://evil.example)',
    );
  });

  it('shows a phishing link: visible URL text differs from the target', () => {
    expect(htmlToText('<a href="https://evil.example/login">https://bank.example/login</a>')).toBe(
      'https://bank.example/login (https://evil.example/login)',
    );
  });

  it('reduces images to alt text', () => {
    expect(htmlToText('<p>a<img src="https://x/1.png" alt="One">b<img src="https://x/2.png">c</p>')).toBe(
      'a One bc',
    );
    expect(htmlToText('<a href="https://h.example"><img src="https://x/l.png" alt="Logo"></a>')).toBe(
      'Logo (https://h.example)',
    );
  });

  it('renders tables as rows, dropping empty cells at the edges only', () => {
    expect(
      htmlToText(
        '<table><tr><th>Name</th><th>Qty</th></tr><tr><td></td><td>Apple</td><td></td><td>3</td><td></td></tr></table>',
      ),
    ).toBe('Name | Qty\nApple |  | 3');
    expect(htmlToText('<table><td>no tr</td><td>row</td></table>')).toBe('no tr | row');
  });

  it('keeps <pre> verbatim (minus the first newline and trailing blanks)', () => {
    expect(htmlToText('<p>x</p><pre>\n  if (a) {\n\treturn b;   \n  }</pre>')).toBe(
      'x\n\n  if (a) {\n\treturn b;\n  }',
    );
  });

  it('puts headings and rules on their own lines', () => {
    expect(htmlToText('<h1>Title</h1>text<hr>after')).toBe('Title\n\ntext\n\n---\n\nafter');
  });

  it('drops invisible and non-content elements with their content', () => {
    const html =
      '<head><title>T</title><style>p{}</style><script>s()</script></head><body><template>t</template><noscript>n</noscript>' +
      '<p style="display:none">a</p><p style="visibility: hidden">b</p><p style="mso-hide:all">c</p><p style="font-size:0">d</p>' +
      '<p style="opacity:0">e</p><p hidden>f</p><p style="font-size:0.9em">visible</p><iframe>i</iframe><svg><text>v</text></svg></body>';
    expect(htmlToText(html)).toBe('visible');
  });

  it('drops text hidden by tiny fonts, zero-height boxes and off-screen offsets', () => {
    const html =
      '<span style="font-size:1px;color:#fff">a</span><div style="max-height:0;overflow:hidden">preheader</div>' +
      '<p style="position:absolute;left:-9999px">b</p><p style="text-indent:-5000px">c</p>' +
      '<p style="font-size:11pt;opacity:0.8;margin-left:-10px">shown</p>';
    expect(htmlToText(html)).toBe('shown');
  });

  it('decodes entities once and sanitizes the result', () => {
    expect(htmlToText('<p>&amp;lt;b&amp;gt; &lt;b&gt; &#8203;&#x202E;&#xE0041;x &#27;[2Jy</p>')).toBe(
      '&lt;b&gt; <b> x y',
    );
  });

  it('treats NBSP as an ordinary space', () => {
    expect(htmlToText('<p>a&nbsp;&nbsp;b&nbsp;</p>')).toBe('a b');
  });

  it('survives broken markup', () => {
    expect(htmlToText('<p>a<b>b<i>c</p>d</i></b><div')).toBe('abc\n\nd');
    expect(htmlToText('<<>>&&&;<!-- x')).toBe('<<>>&&&;');
    expect(htmlToText('')).toBe('');
  });
});

describe('htmlToText: pathological inputs come out safe and whole', () => {
  const cases = htmlPathological(100_000);
  for (const [name, input] of Object.entries(cases)) {
    it(name, () => {
      const out = htmlToText(input);
      expect(findUnsafe(out)).toBeUndefined();
      if (input.includes('>x')) expect(out).toContain('x');
    });
  }

  it('keeps all content of a deep document', () => {
    const depth = 5000;
    const html = Array.from({ length: depth }, (_, i) => `<div>w${i}`).join('');
    const out = htmlToText(html);
    expect(out.split('\n')).toHaveLength(depth);
    expect(out.endsWith(`w${depth - 1}`)).toBe(true);
  });

  it('relies on htmlparser2 internals that still have the expected shape', () => {
    const p = new Parser({});
    const internals = p as unknown as { stack?: unknown; foreignContext?: unknown };
    expect(Array.isArray(internals.stack)).toBe(true);
    expect(Array.isArray(internals.foreignContext)).toBe(true);
  });
});
