import { describe, expect, it } from 'vitest';
import { evaluate, parseDateMath, sqlMatcher, type Doc } from './search.js';
import { parseQuery, zammadQuery } from './search-query.js';

const kinds = { dates: new Set(['created_at']), numbers: new Set(['id']) };
const NOW = Date.parse('2025-09-15T09:30:00.000Z');
const doc: Doc = new Map([
  ['title', ['Printer on 3rd floor shows offline']],
  ['state.name', ['pending reminder']],
  ['customer.email', ['sarah.kim@northwind-traders.example']],
  ['tags', ['printer', 'hardware']],
  ['created_at', ['2025-09-15T08:45:00.000Z']],
  ['id', ['42']],
]);
const q = (s: string) => evaluate(parseQuery(zammadQuery(s)), doc, kinds, NOW);

describe('query_string subset', () => {
  it('parses operators, fields, groups and ranges', () => {
    expect(parseQuery('state.name:(new OR open) AND NOT tags:spam')).toEqual({
      kind: 'and',
      items: [
        {
          kind: 'or',
          items: [
            { kind: 'term', field: 'state.name', value: 'new', phrase: false },
            { kind: 'term', field: 'state.name', value: 'open', phrase: false },
          ],
        },
        { kind: 'not', item: { kind: 'term', field: 'tags', value: 'spam', phrase: false } },
      ],
    });
    expect(parseQuery('created_at:[2025-01-01 TO *]')).toEqual({
      kind: 'range',
      field: 'created_at',
      from: '2025-01-01',
      to: null,
      incFrom: true,
      incTo: true,
    });
    expect(parseQuery('created_at:>=now-1h')).toEqual({
      kind: 'range',
      field: 'created_at',
      from: 'now-1h',
      to: null,
      incFrom: true,
      incTo: false,
    });
  });

  it('appends * only when the query has no colon', () => {
    expect(zammadQuery('printer off')).toBe('printer off*');
    expect(zammadQuery('state.name:open')).toBe('state.name:open');
    expect(zammadQuery('"exact phrase"')).toBe('"exact phrase"');
  });

  it('matches terms (implicit AND), prefixes, phrases, fields and negation', () => {
    expect(q('printer offl')).toBe(true);
    expect(q('printer scanner')).toBe(false);
    expect(q('title:"3rd floor"')).toBe(true);
    expect(q('title:"floor 3rd"')).toBe(false);
    expect(q('state.name:"pending reminder"')).toBe(true);
    expect(q('state.name:(new OR open)')).toBe(false);
    expect(q('tags:printer AND -tags:spam')).toBe(true);
    expect(q('NOT tags:hardware')).toBe(false);
    expect(q('customer.email:sarah.kim@northwind-traders.example')).toBe(true);
    expect(q('customer.email:*@northwind-traders.example')).toBe(true);
    expect(q('title:print*')).toBe(true);
    expect(q('title:pr?nter')).toBe(true);
    expect(q('unknown.field:printer')).toBe(false);
    expect(q('(tags:spam OR tags:printer) state.name:pending*')).toBe(true);
  });

  it('evaluates date ranges and date math, and numeric ranges', () => {
    expect(q('created_at:>now-1h')).toBe(true);
    expect(q('created_at:<now-1h')).toBe(false);
    expect(q('created_at:[2025-09-01 TO 2025-09-30]')).toBe(true);
    expect(q('created_at:{* TO 2025-09-15}')).toBe(false);
    expect(q('created_at:2025-09-15')).toBe(true);
    expect(q('id:[40 TO 50]')).toBe(true);
    expect(q('id:>42')).toBe(false);
    expect(parseDateMath('now-1d/d', NOW)).toBe(Date.parse('2025-09-14T00:00:00.000Z'));
    expect(parseDateMath('now/d', NOW, true)).toBe(Date.parse('2025-09-15T23:59:59.999Z'));
    expect(parseDateMath('2025-01-15||+1M', NOW)).toBe(Date.parse('2025-02-15T00:00:00.000Z'));
  });

  it('SQL fallback is a case-insensitive substring match without field syntax', () => {
    const m = sqlMatcher('FLOOR*');
    expect(m(['Printer on 3rd floor'])).toBe(true);
    expect(sqlMatcher('state.name:new')(['new', 'state'])).toBe(false);
    expect(sqlMatcher('')(['anything'])).toBe(true);
  });
});
