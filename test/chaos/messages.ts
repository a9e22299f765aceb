/**
 * Hostile client messages for the fuzzers, as fast-check arbitraries: well-formed requests with
 * hostile params (prototype keys, negative and huge ids, wrong types, long and odd Unicode
 * strings), broken JSON-RPC envelopes, and lines that are not JSON at all. Each case says whether
 * the client may expect an answer: a JSON object with a usable id and a `method` must be answered.
 */
import fc from 'fast-check';
import { ALL_TOOLS } from '../../src/tools/registry.js';

export interface Case {
  /** The line (or HTTP body) as sent. */
  line: string;
  /** The id an answer must carry, when one is due. */
  expect?: string | number;
  /** A short label for the figures: which generator made it. */
  kind: string;
}

/** Ids the harness owns: a fuzzed cancellation never names one, so every due answer comes. */
export const OWN_ID = /^fz-\d+$/;

const NASTY_STRINGS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  '\u0000',
  '\u202e\u2066',
  '\ud800',
  '𝕏🙂',
  'Ａ１',
  '-1',
  '0',
  '1e309',
  'NaN',
  '0x10',
  '1.0',
  ' 1',
  '%2e%2e/1',
  '../1',
  '١٢',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  "' OR 1=1 --",
  'state.name:open OR *',
  '9'.repeat(400),
];

export const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.nat({ max: 70_000 }).map((n) => 'x'.repeat(n)) },
);

const nastyNumber = fc.oneof(
  fc.constantFrom(-1, 0, 1, 1.5, -0, 2 ** 31, 2 ** 31 - 1, 2 ** 53, -(2 ** 53), 1e308),
  fc.integer(),
  fc.double({ noNaN: true }),
);

export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const TOOLS = ALL_TOOLS.map((t) => t.name);
const ARG_NAMES = [...new Set(ALL_TOOLS.flatMap((t) => Object.keys((t.input as { shape: object }).shape)))];

const key = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ARG_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const args = fc.dictionary(key, nastyValue, { maxKeys: 4 });

const resourceId = fc.oneof(
  fc.constantFrom('1', '2', '5', '9', '42', '999999', '2147483647', '2147483648', '00001', '1e3', ''),
  nastyString,
  fc.integer().map(String),
);
const uri = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom('ticket', 'user', 'organization', 'tickets', 'nope', ''), resourceId)
      .map(([k, id]) => `zammad://${k}/${id}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('zammad://', 'http://127.0.0.1/', 'file:///etc/passwd', 'not a uri'),
  },
  { weight: 1, arbitrary: nastyValue },
);

const PROTOCOLS = ['2025-06-18', '2025-11-25', '2025-03-26', '2024-11-05', '2026-07-28', '1999-01-01'];
const meta = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      progressToken: nastyValue,
      'io.modelcontextprotocol/protocolVersion': fc.oneof(fc.constantFrom(...PROTOCOLS), nastyValue),
      'io.modelcontextprotocol/clientCapabilities': fc.oneof(fc.constant({}), nastyValue),
    },
    { requiredKeys: [] },
  ),
  nastyValue,
);

type Built = { kind: string; message?: Record<string, unknown>; raw?: string };
type Call = [string, unknown];
const pair = (method: string, params: unknown): Call => [method, params];

/** [method, params] pairs: plausible methods with plausible-but-hostile params. */
const call: fc.Arbitrary<Call> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.oneof(fc.constantFrom(...TOOLS), nastyString), args, meta)
      .map(([name, a, m]) =>
        pair('tools/call', { name, arguments: a, ...(m === undefined ? {} : { _meta: m }) }),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...TOOLS), nastyValue)
      .map(([name, a]) => pair('tools/call', { name, arguments: a })),
  },
  { weight: 5, arbitrary: uri.map((u) => pair('resources/read', { uri: u })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.constantFrom('triage_ticket', 'draft_reply', 'summarize_queue'), nastyString),
        fc.dictionary(key, nastyValue, { maxKeys: 3 }),
      )
      .map(([name, a]) => pair('prompts/get', { name, arguments: a })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record(
        {
          protocolVersion: fc.oneof(fc.constantFrom(...PROTOCOLS), nastyValue),
          capabilities: fc.oneof(fc.constant({}), fc.constant({ elicitation: {} }), nastyValue),
          clientInfo: fc.oneof(fc.constant({ name: 'fuzz', version: '1' }), nastyValue),
        },
        { requiredKeys: [] },
      )
      .map((p) => pair('initialize', p)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('tools/list', 'resources/list', 'resources/templates/list', 'prompts/list'),
        fc.option(fc.oneof(nastyValue, fc.constant('x')), { nil: undefined }),
      )
      .map(([m, cursor]) => pair(m, cursor === undefined ? {} : { cursor })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'ping',
          'completion/complete',
          'logging/setLevel',
          'resources/subscribe',
          'resources/unsubscribe',
          'server/discover',
          'subscriptions/listen',
          'sampling/createMessage',
          'tasks/get',
          'roots/list',
          'elicitation/create',
        ),
        fc.dictionary(fc.string({ maxLength: 10 }), nastyValue, { maxKeys: 3 }),
      )
      .map(([m, p]) => pair(m, p)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(nastyString, fc.dictionary(key, nastyValue, { maxKeys: 3 }))
      .map(([m, p]) => pair(m, p)),
  },
);

/** How the envelope around a call is built: mostly right, sometimes broken. */
const envelope = fc.record({
  id: fc.oneof(
    { weight: 12, arbitrary: fc.constant('own' as const) },
    { weight: 1, arbitrary: fc.constant('none' as const) },
    { weight: 1, arbitrary: fc.constantFrom(null, 1.5, {}, [], true, -0.5, 2 ** 60) },
  ),
  jsonrpc: fc.oneof(
    { weight: 12, arbitrary: fc.constant('2.0') },
    { weight: 1, arbitrary: fc.constantFrom('1.0', 2, null, undefined) },
  ),
  params: fc.oneof(
    { weight: 12, arbitrary: fc.constant('keep' as const) },
    { weight: 1, arbitrary: fc.constantFrom('drop' as const, null, 5, 'x', [1]) },
  ),
  extra: fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), nastyValue, { maxKeys: 2 }) },
  ),
});

const structured: fc.Arbitrary<Built> = fc.tuple(call, envelope).map(([[method, params], env]) => {
  const m: Record<string, unknown> = {};
  if (env.jsonrpc !== undefined) m.jsonrpc = env.jsonrpc;
  if (env.id !== 'none') m.id = env.id; // 'own' is replaced by the harness with a fresh id
  m.method = method;
  if (env.params === 'keep') m.params = params;
  else if (env.params !== 'drop') m.params = env.params;
  if (env.extra) for (const [k, v] of Object.entries(env.extra)) if (!(k in m)) m[k] = v;
  return { kind: method.length <= 30 && /^[\w/]+$/.test(method) ? method : 'other-method', message: m };
});

const notification: fc.Arbitrary<Built> = fc
  .tuple(
    fc.constantFrom(
      'notifications/initialized',
      'notifications/cancelled',
      'notifications/progress',
      'notifications/roots/list_changed',
      'notifications/nope',
    ),
    fc.dictionary(fc.constantFrom('requestId', 'reason', 'progressToken', 'progress', 'x'), nastyValue, {
      maxKeys: 3,
    }),
  )
  .map(([method, params]) => {
    // A cancellation never names one of the harness's own ids.
    if (typeof params.requestId === 'string' && OWN_ID.test(params.requestId)) params.requestId = 'not-ours';
    return { kind: 'notification', message: { jsonrpc: '2.0', method, params } };
  });

const garbage: fc.Arbitrary<Built> = fc.oneof(
  fc.string({ maxLength: 200 }).map((raw) => ({ kind: 'garbage', raw })),
  fc.string({ unit: 'binary', maxLength: 100 }).map((raw) => ({ kind: 'garbage', raw })),
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'json-not-rpc', raw: JSON.stringify(v) })),
  fc.nat({ max: 5_000 }).map((d) => ({ kind: 'deep-json', raw: `${'['.repeat(d)}${']'.repeat(d)}` })),
  fc.nat({ max: 2_000 }).map((d) => ({
    kind: 'deep-json',
    raw: `{"jsonrpc":"2.0","id":"@ID@","method":"ping","params":{"a":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}}`,
  })),
  fc
    .constantFrom(
      '\ufeff{"jsonrpc":"2.0","method":"ping","id":"@ID@"}',
      '{"jsonrpc":"2.0","id":"x","id":"@ID@","method":"ping"}',
      '[{"jsonrpc":"2.0","id":"@ID@","method":"ping"},{"jsonrpc":"2.0","id":"@ID@","method":"ping"}]',
      '{"jsonrpc":"2.0","id":"@ID@","method":"ping"',
      'null',
      '{}',
    )
    .map((raw) => ({ kind: 'broken-json', raw })),
);

export const builtCase: fc.Arbitrary<Built> = fc.oneof(
  { weight: 14, arbitrary: structured },
  { weight: 2, arbitrary: notification },
  { weight: 3, arbitrary: garbage },
);

/**
 * The harness's view of a generated case: its own ids go in, newlines come out (one line, one
 * message), and the answer it may wait for is worked out from the line actually sent.
 */
export function finish(b: Built, n: number): Case {
  const id = `fz-${n}`;
  let line: string;
  if (b.message) {
    const m = { ...b.message };
    if (m.id === 'own') m.id = id;
    line = JSON.stringify(m);
  } else line = (b.raw ?? '').replace(/[\r\n]/g, ' ').replaceAll('@ID@', id);
  return { line, kind: b.kind, ...expectedId(line) };
}

/** A JSON object with a `method` and a usable id must be answered with that id. */
export function expectedId(line: string): { expect?: string | number } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return {};
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const o = v as Record<string, unknown>;
  const id = o.id;
  const usable = typeof id === 'string' || Number.isSafeInteger(id);
  return 'method' in o && usable ? { expect: id as string | number } : {};
}

/** `count` cases from `seed`: the same seed gives the same cases (print it for a replay). */
export function cases(seed: number, count: number, offset = 0): Case[] {
  return fc.sample(builtCase, { seed, numRuns: count }).map((b, i) => finish(b, offset + i));
}
