import { describe, expect, it } from 'vitest';
import { cleanHtml } from './html-clean.js';

const clean = (html: string): string => cleanHtml(html).html;

describe('cleanHtml (allowlist for HTML sent to customers)', () => {
  it.each([
    ['<p>Hello <b>you</b></p>', '<p>Hello <b>you</b></p>'],
    ['<script>alert(1)</script><p>x</p>', '<p>x</p>'],
    ['<style>p{color:red}</style>x', 'x'],
    ['<p onclick="steal()" style="color:red" class="c" id="i">x</p>', '<p>x</p>'],
    [
      '<a href="https://example.com/a?b=1&amp;c=2">ok</a>',
      '<a href="https://example.com/a?b=1&amp;c=2">ok</a>',
    ],
    ['<a href="mailto:a@example.com">mail</a>', '<a href="mailto:a@example.com">mail</a>'],
    ['<a href="javascript:alert(1)">x</a>', 'x'],
    ['<a href=" JaVaScRiPt:alert(1)">x</a>', 'x'],
    ['<a href="java&#x09;script:alert(1)">x</a>', 'x'],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', 'x'],
    ['<a href="/relative">x</a>', 'x'],
    [
      '<a href="https://ok.example" target="_blank" onmouseover="x()">y</a>',
      '<a href="https://ok.example">y</a>',
    ],
    ['<img src="https://tracker.example/p.gif" onerror="x()">text', 'text'],
    ['<iframe src="https://evil.example"></iframe>after', 'after'],
    ['<svg><script>x()</script><p>hidden</p></svg>after', 'after'],
    ['<div>one</div><div>two</div>', 'one<br>two'],
    ['<span style="display:none">secret</span> shown', 'secret shown'],
    ['<!-- comment -->x', 'x'],
    ['<ul><li>a<li>b</ul>', '<ul><li>a</li><li>b</li></ul>'],
    [
      '<table><tr><td colspan="2" rowspan="x" bgcolor="red">a</td><th>b</th></tr></table>',
      '<table><tr><td colspan="2">a</td><th>b</th></tr></table>',
    ],
    [
      '<h1>T</h1><h6>t</h6><pre><code>x = 1 &lt; 2</code></pre>',
      '<h1>T</h1><h6>t</h6><pre><code>x = 1 &lt; 2</code></pre>',
    ],
    [
      '<blockquote>q</blockquote><em>e</em><i>i</i><u>u</u><strong>s</strong><br>',
      '<blockquote>q</blockquote><em>e</em><i>i</i><u>u</u><strong>s</strong>',
    ],
    ['<p>unclosed <b>bold', '<p>unclosed <b>bold</b></p>'],
    ['</b>stray</p>', 'stray<p></p>'],
    ['a &lt;script&gt; b &amp; "c"', 'a &lt;script&gt; b &amp; "c"'],
    ['<p title="x" onload=x>"quotes" &amp; \'apostrophes\'</p>', '<p>"quotes" &amp; \'apostrophes\'</p>'],
  ])('%s → %s', (input, expected) => {
    expect(clean(input)).toBe(expected);
  });

  it('escapes attribute values it keeps', () => {
    expect(clean('<a href="https://x.example/?q=&quot;&gt;&lt;script&gt;">x</a>')).toBe(
      '<a href="https://x.example/?q=&quot;&gt;&lt;script&gt;">x</a>',
    );
  });

  it('reports what it removed, once each', () => {
    const r = cleanHtml(
      '<p onclick="a" style="b">x</p><script>1</script><script>2</script><a href="javascript:x">y</a>',
    );
    expect(r.removed).toEqual(
      expect.arrayContaining(['onclick', 'style', '<script>', 'href="javascript:…"']),
    );
    expect(r.removed.filter((x) => x === '<script>')).toHaveLength(1);
    expect(cleanHtml('<p>clean</p>').removed).toEqual([]);
  });

  it('never lets a tag through however it is spelled or nested', () => {
    const nasty = [
      '<SCRIPT>x</SCRIPT>',
      '<scr<script>ipt>alert(1)</script>',
      '<p><script>x</script></p>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
      '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
      '<<script>script>alert(1)<</script>/script>',
      '<div onclick="x">a</div><object data="x"></object><embed src="x">',
    ];
    for (const n of nasty) {
      const out = clean(n);
      expect(out, n).not.toMatch(/<\s*(script|style|img|iframe|object|embed|math|svg|noscript)/i);
      expect(out, n).not.toMatch(/\son\w+=/i);
    }
  });

  it('keeps the text of deep nesting (bench/pathological.ts measures the time)', () => {
    const deep = '<b>'.repeat(5000) + 'x' + '</b>'.repeat(5000);
    expect(clean(deep)).toContain('x');
  });
});
