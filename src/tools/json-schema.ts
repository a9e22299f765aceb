/**
 * The input schema a client sees: the zod schema's JSON Schema without the `$schema` header
 * (about 15 tokens on every tool of every tools/list). Validation stays zod's.
 */
import { z } from 'zod';

interface StandardJson {
  '~standard': {
    version: 1;
    vendor: string;
    validate: (value: unknown) => unknown;
    jsonSchema: { input: () => Record<string, unknown>; output: () => Record<string, unknown> };
  };
}

export function inputJsonSchema(schema: z.ZodObject): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return lean(rest) as Record<string, unknown>;
}

/** The 32-bit bound of ids: the largest id Zammad's database holds, nothing a model needs to read. */
const INT32_MAX = 2147483647;

/**
 * Drops bounds that tell a model nothing (`minLength: 1`, the 32-bit maximum of ids, the largest
 * safe integer); zod still enforces them. Every other keyword stays.
 */
function lean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lean);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'minLength' && v === 1) continue;
    if (k === 'maximum' && (v === INT32_MAX || v === Number.MAX_SAFE_INTEGER)) continue;
    out[k] = lean(v);
  }
  return out;
}

const wrappedSchemas = new WeakMap<z.ZodObject, unknown>();
const resolvingSchemas = new WeakMap<object, WeakMap<z.ZodObject, unknown>>();

/**
 * Wraps a zod object so the SDK validates with zod and advertises the trimmed JSON Schema. Built
 * once per schema: the HTTP transport builds a server per request, and converting every tool's
 * schema each time cost about a third of a request's CPU.
 */
export function forMcp<S extends z.ZodObject>(schema: S, resolver?: ArgumentResolver): S {
  const cache = resolver ? resolvingSchemas.get(resolver) : wrappedSchemas;
  const cached = cache?.get(schema);
  if (cached) return cached as S;
  const json = inputJsonSchema(schema);
  const std = schema['~standard'];
  const wrapped: StandardJson = {
    '~standard': {
      version: 1,
      vendor: 'zammad-mcp',
      validate: resolver ? (v) => validateResolved(v, resolver, std.validate) : (v) => std.validate(v),
      jsonSchema: { input: () => json, output: () => json },
    },
  };
  if (resolver) {
    let m = resolvingSchemas.get(resolver);
    if (!m) resolvingSchemas.set(resolver, (m = new WeakMap()));
    m.set(schema, wrapped);
  } else wrappedSchemas.set(schema, wrapped);
  // The SDK reads only `~standard`; the handler's argument types stay those of the zod schema.
  return wrapped as unknown as S;
}

/**
 * Turns the model's pseudonym tokens in arguments into the real values before validation
 * (src/privacy/: `email_…` validates, and reaches the tool, as the address it stands for). Throws
 * when a token is unknown; its message is the validation error.
 */
export interface ArgumentResolver {
  resolveArgs<T>(args: T): T;
}

function validateResolved(
  v: unknown,
  resolver: ArgumentResolver,
  validate: (v: unknown) => unknown,
): unknown {
  let real: unknown;
  try {
    real = resolver.resolveArgs(v);
  } catch (e) {
    return { issues: [{ message: e instanceof Error ? e.message : String(e), path: [] }] };
  }
  return validate(real);
}
