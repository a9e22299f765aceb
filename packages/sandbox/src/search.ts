/**
 * Search semantics. Elasticsearch mode evaluates the parsed `query_string` against a
 * document (field → values) the way ES analyses text (lower-cased word tokens, keyword
 * match on the whole value). SQL fallback mode is Zammad's `ILIKE %q%` over a few columns.
 */
import { parseQuery, zammadQuery, type QNode } from './search-query.js';

/** Field → values. Dates are ISO strings, numbers decimal strings. */
export type Doc = Map<string, string[]>;

export type FieldKinds = { dates: ReadonlySet<string>; numbers: ReadonlySet<string> };

const tokenCache = new Map<string, string[]>();

/** Lower-cased word tokens (cached: the same bodies are searched again and again). */
function tokens(s: string): string[] {
  let t = tokenCache.get(s);
  if (t === undefined) {
    if (tokenCache.size > 20_000) tokenCache.clear();
    t = s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((x) => x !== '');
    tokenCache.set(s, t);
  }
  return t;
}

function wildcardRe(pattern: string): RegExp {
  const src = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${src}$`, 'u');
}

function containsSequence(hay: string[], needle: string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= hay.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const UNIT_MS: Record<string, number> = {
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  H: 3_600_000,
  m: 60_000,
  s: 1000,
};

function roundTo(ms: number, unit: string, up: boolean): number {
  const d = new Date(ms);
  const parts = [
    d.getUTCFullYear(),
    unit === 'y' ? 0 : d.getUTCMonth(),
    ['y', 'M'].includes(unit) ? 1 : d.getUTCDate(),
    ['y', 'M', 'd', 'w'].includes(unit) ? 0 : d.getUTCHours(),
    ['y', 'M', 'd', 'w', 'h', 'H'].includes(unit) ? 0 : d.getUTCMinutes(),
    unit === 's' ? d.getUTCSeconds() : 0,
  ] as const;
  const start = Date.UTC(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
  if (!up) return start;
  const next = new Date(start);
  if (unit === 'y') next.setUTCFullYear(next.getUTCFullYear() + 1);
  else if (unit === 'M') next.setUTCMonth(next.getUTCMonth() + 1);
  else return start + (UNIT_MS[unit] ?? 0) - 1;
  return next.getTime() - 1;
}

/** ES date math: `now`, `now-1h`, `now-7d/d`, `2025-01-01`, `2025-01-01T10:00:00Z`, `2025-01-01||+1M`. */
export function parseDateMath(value: string, now: number, roundUp = false): number | null {
  const m = /^(now|[^|]+?)(?:\|\|)?((?:[+-]\d+[yMwdhHms])*)(?:\/([yMwdhHms]))?$/.exec(value.trim());
  if (!m || !m[1]) return null;
  let t = m[1] === 'now' ? now : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(m[1]) ? `${m[1]}T00:00:00Z` : m[1]);
  if (Number.isNaN(t)) return null;
  for (const [, sign, num, unit] of (m[2] ?? '').matchAll(/([+-])(\d+)([yMwdhHms])/g)) {
    const n = Number(num) * (sign === '-' ? -1 : 1);
    const d = new Date(t);
    if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + n);
    else if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + n);
    else d.setTime(t + n * (UNIT_MS[unit ?? 's'] ?? 0));
    t = d.getTime();
  }
  return m[3] ? roundTo(t, m[3], roundUp) : t;
}

function termMatches(
  values: string[],
  value: string,
  phrase: boolean,
  kind: 'text' | 'date' | 'number',
  now: number,
): boolean {
  if (kind === 'date' && !/[*?]/.test(value)) {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const at = parseDateMath(value, now);
    if (at === null) return false;
    return values.some((v) => {
      const x = Date.parse(v);
      return day ? x >= at && x < at + 86_400_000 : x === at;
    });
  }
  const lower = value.toLowerCase();
  if (!phrase && /^[^*?]+\*$/.test(value)) {
    const prefix = lower.slice(0, -1);
    return values.some(
      (v) => v.toLowerCase().startsWith(prefix) || tokens(v).some((tok) => tok.startsWith(prefix)),
    );
  }
  if (!phrase && /[*?]/.test(value)) {
    const re = wildcardRe(value);
    return values.some((v) => re.test(v.toLowerCase()) || tokens(v).some((tok) => re.test(tok)));
  }
  const want = tokens(value);
  return values.some((v) => {
    if (v.toLowerCase() === lower) return true;
    const have = tokens(v);
    if (phrase || want.length === 1) return containsSequence(have, want);
    return want.every((w) => have.includes(w));
  });
}

function rangeMatches(
  values: string[],
  node: Extract<QNode, { kind: 'range' }>,
  kind: 'text' | 'date' | 'number',
  now: number,
): boolean {
  const toNum = (s: string, up: boolean): number | null =>
    kind === 'date' ? parseDateMath(s, now, up) : Number.isNaN(Number(s)) ? null : Number(s);
  return values.some((v) => {
    if (kind === 'text') {
      const x = v.toLowerCase();
      if (node.from !== null && (node.incFrom ? x < node.from.toLowerCase() : x <= node.from.toLowerCase()))
        return false;
      if (node.to !== null && (node.incTo ? x > node.to.toLowerCase() : x >= node.to.toLowerCase()))
        return false;
      return true;
    }
    const x = kind === 'date' ? Date.parse(v) : Number(v);
    if (Number.isNaN(x)) return false;
    const from = node.from === null ? null : toNum(node.from, !node.incFrom);
    const to = node.to === null ? null : toNum(node.to, node.incTo);
    if (node.from !== null && (from === null || (node.incFrom ? x < from : x <= from))) return false;
    if (node.to !== null && (to === null || (node.incTo ? x > to : x >= to))) return false;
    return true;
  });
}

function kindOf(field: string, kinds: FieldKinds): 'text' | 'date' | 'number' {
  if (kinds.dates.has(field)) return 'date';
  if (kinds.numbers.has(field)) return 'number';
  return 'text';
}

export function evaluate(node: QNode, doc: Doc, kinds: FieldKinds, now: number): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return node.items.every((n) => evaluate(n, doc, kinds, now));
    case 'or':
      return node.items.some((n) => evaluate(n, doc, kinds, now));
    case 'not':
      return !evaluate(node.item, doc, kinds, now);
    case 'term':
    case 'range': {
      const fields =
        node.field === null ? [...doc.keys()].filter((f) => kindOf(f, kinds) === 'text') : [node.field];
      return fields.some((f) => {
        const values = doc.get(f);
        if (!values || values.length === 0) return false;
        const kind = kindOf(f, kinds);
        return node.kind === 'term'
          ? termMatches(values, node.value, node.phrase, kind, now)
          : rangeMatches(values, node, kind, now);
      });
    }
  }
}

/** Elasticsearch mode: Zammad's `*` appending, then query_string semantics. */
export function esMatcher(query: string, kinds: FieldKinds, now: number): (doc: Doc) => boolean {
  const node = parseQuery(zammadQuery(query));
  return (doc) => evaluate(node, doc, kinds, now);
}

/** SQL fallback: `*` stripped, case-insensitive substring over the given columns; no field syntax. */
export function sqlMatcher(query: string): (haystacks: Array<string | null>) => boolean {
  const q = query.replace(/\*/g, '').trim().toLowerCase();
  return (haystacks) => q === '' || haystacks.some((h) => h !== null && h.toLowerCase().includes(q));
}

/** An empty or `*` query always takes the SQL path (all records). */
export const isMatchAll = (query: string | undefined): boolean =>
  query === undefined || query.trim() === '' || query.trim() === '*';
