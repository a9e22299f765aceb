/**
 * A parser for the subset of Elasticsearch `query_string` syntax Zammad users write:
 * terms (implicit AND), `field:value`, `field:"phrase"`, `field:(a OR b)`, AND/OR/NOT
 * (also && || ! - +), parentheses, ranges `[a TO b]` / `{a TO b}`, `>`/`>=`/`<`/`<=`,
 * and `*`/`?` wildcards.
 */

export type QNode =
  | { kind: 'and'; items: QNode[] }
  | { kind: 'or'; items: QNode[] }
  | { kind: 'not'; item: QNode }
  | { kind: 'all' }
  | { kind: 'term'; field: string | null; value: string; phrase: boolean }
  | {
      kind: 'range';
      field: string | null;
      from: string | null;
      to: string | null;
      incFrom: boolean;
      incTo: boolean;
    };

type Tok =
  | { t: 'lp' }
  | { t: 'rp' }
  | { t: 'and' }
  | { t: 'or' }
  | { t: 'not' }
  | { t: 'field'; name: string }
  | { t: 'word'; value: string }
  | { t: 'phrase'; value: string }
  | { t: 'range'; from: string | null; to: string | null; incFrom: boolean; incTo: boolean }
  | { t: 'cmp'; op: '>' | '>=' | '<' | '<='; value: string };

const FIELD_RE = /^[A-Za-z_][\w.]*$/;

function tokenize(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let afterField = false;
  const isBreak = (c: string) => /\s/.test(c) || c === '(' || c === ')';
  while (i < q.length) {
    const c = q[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      afterField = false;
      continue;
    }
    if (c === '(') {
      out.push({ t: 'lp' });
      i += 1;
      afterField = false;
      continue;
    }
    if (c === ')') {
      out.push({ t: 'rp' });
      i += 1;
      afterField = false;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < q.length && q[j] !== '"') {
        if (q[j] === '\\' && j + 1 < q.length) j += 1;
        v += q[j];
        j += 1;
      }
      out.push({ t: 'phrase', value: v });
      i = j + 1;
      afterField = false;
      continue;
    }
    if ((c === '[' || c === '{') && q.slice(i).match(/^[[{][^\]}]*\s+TO\s+[^\]}]*[\]}]/)) {
      const end = q.slice(i).search(/[\]}]/) + i;
      const inner = q.slice(i + 1, end);
      const [a = '*', b = '*'] = inner.split(/\s+TO\s+/);
      out.push({
        t: 'range',
        from: a.trim() === '*' ? null : a.trim(),
        to: b.trim() === '*' ? null : b.trim(),
        incFrom: c === '[',
        incTo: q[end] === ']',
      });
      i = end + 1;
      afterField = false;
      continue;
    }
    if (afterField && (c === '>' || c === '<')) {
      const op = (q[i + 1] === '=' ? `${c}=` : c) as '>' | '>=' | '<' | '<=';
      i += op.length;
      let v = '';
      while (i < q.length && !isBreak(q[i] as string)) {
        v += q[i];
        i += 1;
      }
      out.push({ t: 'cmp', op, value: v });
      afterField = false;
      continue;
    }
    if (
      !afterField &&
      (c === '!' || ((c === '-' || c === '+') && i + 1 < q.length && !/\s/.test(q[i + 1] as string)))
    ) {
      if (c !== '+') out.push({ t: 'not' });
      i += 1;
      continue;
    }
    // a word, possibly `field:` (only when not already reading a field's value)
    let w = '';
    let j = i;
    while (j < q.length && !isBreak(q[j] as string)) {
      const ch = q[j] as string;
      if (ch === '\\' && j + 1 < q.length) {
        w += q[j + 1];
        j += 2;
        continue;
      }
      if (ch === ':' && !afterField && FIELD_RE.test(w)) break;
      w += ch;
      j += 1;
    }
    if (q[j] === ':' && !afterField && FIELD_RE.test(w)) {
      out.push({ t: 'field', name: w });
      i = j + 1;
      afterField = true;
      continue;
    }
    i = j;
    afterField = false;
    if (w === 'AND' || w === '&&') out.push({ t: 'and' });
    else if (w === 'OR' || w === '||') out.push({ t: 'or' });
    else if (w === 'NOT') out.push({ t: 'not' });
    else if (w !== '') out.push({ t: 'word', value: w });
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  parse(): QNode {
    const n = this.or(null);
    return n ?? { kind: 'all' };
  }

  private or(field: string | null): QNode | null {
    const items: QNode[] = [];
    const first = this.and(field);
    if (first) items.push(first);
    while (this.peek()?.t === 'or') {
      this.i += 1;
      const n = this.and(field);
      if (n) items.push(n);
    }
    if (items.length === 0) return null;
    return items.length === 1 ? (items[0] as QNode) : { kind: 'or', items };
  }

  private and(field: string | null): QNode | null {
    const items: QNode[] = [];
    for (;;) {
      const tok = this.peek();
      if (!tok || tok.t === 'rp' || tok.t === 'or') break;
      if (tok.t === 'and') {
        this.i += 1;
        continue;
      }
      const n = this.unary(field);
      if (n) items.push(n);
    }
    if (items.length === 0) return null;
    return items.length === 1 ? (items[0] as QNode) : { kind: 'and', items };
  }

  private unary(field: string | null): QNode | null {
    const tok = this.peek();
    if (tok?.t === 'not') {
      this.i += 1;
      const inner = this.unary(field);
      return inner ? { kind: 'not', item: inner } : null;
    }
    return this.primary(field);
  }

  private primary(field: string | null): QNode | null {
    const tok = this.toks[this.i++];
    if (!tok) return null;
    switch (tok.t) {
      case 'lp': {
        const n = this.or(field);
        if (this.peek()?.t === 'rp') this.i += 1;
        return n;
      }
      case 'field': {
        const next = this.peek();
        if (!next) return null;
        if (next.t === 'lp') return this.primary(tok.name);
        if (next.t === 'word' || next.t === 'phrase' || next.t === 'range' || next.t === 'cmp')
          return this.primary(tok.name);
        return null;
      }
      case 'word':
        if (tok.value === '*' && field === null) return { kind: 'all' };
        return { kind: 'term', field, value: tok.value, phrase: false };
      case 'phrase':
        return { kind: 'term', field, value: tok.value, phrase: true };
      case 'range':
        return { kind: 'range', field, from: tok.from, to: tok.to, incFrom: tok.incFrom, incTo: tok.incTo };
      case 'cmp':
        return tok.op.startsWith('>')
          ? { kind: 'range', field, from: tok.value, to: null, incFrom: tok.op === '>=', incTo: false }
          : { kind: 'range', field, from: null, to: tok.value, incFrom: false, incTo: tok.op === '<=' };
      default:
        return null; // stray operator or ')'
    }
  }
}

export function parseQuery(q: string): QNode {
  return new Parser(tokenize(q)).parse();
}

/** Zammad appends `*` to a query without any `:` (prefix search on the last term). */
export function zammadQuery(q: string): string {
  const trimmed = q.trim();
  if (trimmed === '' || trimmed.includes(':') || trimmed.endsWith('*') || !/[\p{L}\p{N}]$/u.test(trimmed))
    return trimmed;
  return `${trimmed}*`;
}
