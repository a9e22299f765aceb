/**
 * Canonical JSON: object keys sorted at every depth, no whitespace, `undefined` members dropped.
 * Two argument objects that mean the same thing serialize to the same string, so a MAC over it
 * binds the meaning of the arguments, not the order a client happened to send them in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value, 0));
}

const MAX_DEPTH = 64;

function canonicalize(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new TypeError('canonicalJson: nesting too deep');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalize(v, depth + 1)));
  if (typeof value === 'object') {
    const toJson = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') return canonicalize((toJson as () => unknown).call(value), depth + 1);
    // No prototype: a `__proto__` key stays an ordinary member.
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonicalize(v, depth + 1);
    }
    return out;
  }
  throw new TypeError(`canonicalJson: cannot serialize a ${typeof value}`);
}
