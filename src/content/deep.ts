/**
 * sanitizeDeep: every string in a JSON-like value goes through sanitizeText, object keys included.
 *
 * Iterative (an explicit work list, no recursion), so 10,000 or 1,000,000 levels of nesting are cleaned
 * like one level: there is no depth past which data passes through raw. Cycles and shared references are
 * kept as such (each object is copied once). The input is never modified: when nothing in it needs
 * cleaning (the common case, found by one walk that copies nothing) it is returned as it is, otherwise
 * a cleaned copy is returned.
 *
 * - arrays and plain objects (also null-prototype ones) are copied; Map and Set too (keys and values);
 * - Error objects keep their prototype (`instanceof` still works); message, stack, cause and every other
 *   own property are cleaned;
 * - other class instances keep their prototype and get their own enumerable properties cleaned;
 * - Date, RegExp, ArrayBuffer and typed arrays, numbers, booleans, bigint, null, undefined, symbols and
 *   functions are returned as they are (they hold no helpdesk text).
 *
 * Two keys that clean to the same key (`"id"` and `"id\u200B"`) do not overwrite each other: a key that
 * was already clean keeps its value, the other one gets a suffix (`id~2`).
 */
import { sanitizeText } from './sanitize.js';

type Task =
  | { kind: 'object'; from: object; to: Record<PropertyKey, unknown> }
  | { kind: 'array'; from: readonly unknown[]; to: unknown[] }
  | { kind: 'map'; from: ReadonlyMap<unknown, unknown>; to: Map<unknown, unknown> }
  | { kind: 'set'; from: ReadonlySet<unknown>; to: Set<unknown> };

function isOpaque(v: object): boolean {
  return v instanceof Date || v instanceof RegExp || v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}

function define(target: Record<PropertyKey, unknown>, key: PropertyKey, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/**
 * Object keys repeat across objects and calls (field names); property keys are interned strings, so a
 * set of keys known to be clean is cheap to consult. sanitizeText is a pure function: this changes
 * nothing but speed. Bounded.
 */
const CLEAN_KEYS_MAX = 10_000;
const cleanKeys = new Set<string>();

function cleanKey(k: string): string {
  if (cleanKeys.has(k)) return k;
  const c = sanitizeText(k);
  if (c === k) {
    if (cleanKeys.size >= CLEAN_KEYS_MAX) cleanKeys.clear();
    cleanKeys.add(k);
  }
  return c;
}

function isPlain(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether nothing in `value` would change: the common case, answered by one walk that copies nothing. Errors, class instances and anything unusual answer false and take the copying path.
 */
function alreadyClean(value: unknown): boolean {
  if (typeof value === 'string') return sanitizeText(value) === value;
  if (typeof value !== 'object' || value === null) return true;
  const seen = new Set<object>();
  const stack: object[] = [value];
  const hasOwn = Object.prototype.hasOwnProperty;
  for (let o = stack.pop(); o !== undefined; o = stack.pop()) {
    if (seen.has(o)) continue;
    seen.add(o);
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const x: unknown = o[i];
        if (typeof x === 'string') {
          if (sanitizeText(x) !== x) return false;
        } else if (typeof x === 'object' && x !== null) stack.push(x);
      }
      continue;
    }
    if (!isPlain(o) || o instanceof Error) {
      if (isOpaque(o)) continue;
      if (o instanceof Map || o instanceof Set) {
        for (const x of o instanceof Map ? [...o.keys(), ...o.values()] : o.values()) {
          if (typeof x === 'string') {
            if (sanitizeText(x) !== x) return false;
          } else if (typeof x === 'object' && x !== null) stack.push(x);
        }
        continue;
      }
      return false; // errors and class instances take the copying path
    }
    const rec = o as Record<string, unknown>;
    // for…in over a plain object is the fastest walk V8 offers (enum cache); own keys only.
    for (const k in rec) {
      if (!hasOwn.call(rec, k)) continue;
      if (cleanKey(k) !== k) return false;
      const x = rec[k];
      if (typeof x === 'string') {
        if (sanitizeText(x) !== x) return false;
      } else if (typeof x === 'object' && x !== null) stack.push(x);
    }
    if (Object.getOwnPropertySymbols(o).length > 0) return false; // rare: let the copying path handle them
  }
  return true;
}

export function sanitizeDeep<T>(value: T): T {
  if (alreadyClean(value)) return value;
  const seen = new Map<object, unknown>();
  const tasks: Task[] = [];

  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return sanitizeText(v);
    if (typeof v !== 'object' || v === null) return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (isOpaque(v)) return v;
    if (Array.isArray(v)) {
      const to: unknown[] = new Array<unknown>(v.length);
      seen.set(v, to);
      tasks.push({ kind: 'array', from: v, to });
      return to;
    }
    if (v instanceof Map) {
      const to = new Map<unknown, unknown>();
      seen.set(v, to);
      tasks.push({ kind: 'map', from: v, to });
      return to;
    }
    if (v instanceof Set) {
      const to = new Set<unknown>();
      seen.set(v, to);
      tasks.push({ kind: 'set', from: v, to });
      return to;
    }
    const proto = Object.getPrototypeOf(v) as object | null;
    const to = (proto === Object.prototype ? {} : Object.create(proto)) as Record<PropertyKey, unknown>;
    seen.set(v, to);
    tasks.push({ kind: 'object', from: v, to });
    return to;
  };

  const fillObject = (from: object, to: Record<PropertyKey, unknown>): void => {
    const src = from as Record<PropertyKey, unknown>;
    const proto: unknown = Object.getPrototypeOf(from);
    const plain = proto === Object.prototype || proto === null;
    const names: string[] = Object.keys(from);
    if (from instanceof Error) {
      for (const k of ['name', 'message', 'stack', 'cause']) {
        if (Object.prototype.hasOwnProperty.call(from, k) && !names.includes(k)) names.push(k);
      }
    }
    const cleaned = names.map(cleanKey);
    let collision = false;
    for (let i = 0; i < names.length; i++) if (cleaned[i] !== names[i]) collision = true;
    let keys: readonly string[] = cleaned;
    if (collision) {
      // A key that was already clean keeps its name; a cleaned one that now collides gets a suffix.
      const taken = new Set(names.filter((k, i) => cleaned[i] === k));
      keys = names.map((k, i) => {
        const c = cleaned[i] ?? k;
        if (c === k) return k;
        let key = c;
        for (let n = 2; taken.has(key); n++) key = `${c}~${n}`;
        taken.add(key);
        return key;
      });
    }
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const key = keys[i]!;
      const v = visit(src[name]);
      if (plain) define(to, key, v);
      else {
        // Keep enumerability (an Error's message and stack stay non-enumerable, so JSON output is unchanged).
        const enumerable = Object.prototype.propertyIsEnumerable.call(from, name);
        Object.defineProperty(to, key, { value: v, enumerable, writable: true, configurable: true });
      }
    }
    for (const sym of Object.getOwnPropertySymbols(from)) {
      if (Object.prototype.propertyIsEnumerable.call(from, sym)) to[sym] = visit(src[sym]);
    }
  };

  const result = visit(value);
  for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) {
    switch (task.kind) {
      case 'array': {
        const { from, to } = task;
        for (let i = 0; i < from.length; i++) to[i] = visit(from[i]);
        break;
      }
      case 'map':
        for (const [k, v] of task.from) task.to.set(visit(k), visit(v));
        break;
      case 'set':
        for (const v of task.from) task.to.add(visit(v));
        break;
      case 'object':
        fillObject(task.from, task.to);
        break;
    }
  }
  return result as T;
}
