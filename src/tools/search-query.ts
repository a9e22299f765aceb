/**
 * Builds Zammad (Elasticsearch query_string) queries from structured filters. Every filter value is
 * quoted and escaped, so a value can never add query syntax of its own.
 */
import { z } from 'zod';

/** `"value"` with the two characters that matter inside a phrase escaped. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function term(field: string, value: string): string {
  return `${field}:${quote(value)}`;
}

export function anyOf(fields: string[], value: string): string {
  return fields.length === 1
    ? term(fields[0] as string, value)
    : `(${fields.map((f) => term(f, value)).join(' OR ')})`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date or date-time: 2025-01-31 or 2025-01-31T10:00:00Z. */
export const isoDate = z
  .string()
  .trim()
  .max(40)
  // A refinement, not a pattern: the pattern would cost ~40 tokens in tools/list for each date field.
  .refine((v) => ISO_DATE.test(v), 'use an ISO date like 2025-01-31 or 2025-01-31T10:00:00Z');

export function range(field: string, op: '>=' | '<', value: string): string {
  // Dates match the regex above, so they carry no query syntax; ':' inside a time must be escaped.
  return `${field}:${op}${value.replace(/:/g, '\\:')}`;
}

export function combine(parts: Array<string | undefined>): string {
  const p = parts.filter((x): x is string => !!x && x.length > 0);
  if (p.length === 0) return '*';
  if (p.length === 1) return p[0] as string;
  return p.map((x) => (/\s/.test(x) && !/^\(.*\)$/.test(x) ? `(${x})` : x)).join(' AND ');
}
