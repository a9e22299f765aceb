// The layering of zammad-mcp, written once. Two enforcers read it: eslint.config.js (import-x
// no-restricted-paths, generated from ROOMS) and test/architecture.test.ts (the import graph of
// src/ and packages/). scripts/arch-stats.ts prints the figures from the same table.
//
// A room is a set of files. Imports point down: a file may import from its own room and from
// rooms listed before it, never from a room listed after it. A pattern is either one file
// ('src/config.ts') or a folder ('src/config/**'), so today's files and tomorrow's folders both
// map to the same room.

/** @type {readonly { name: string; patterns: readonly string[]; holds: string }[]} */
export const ROOMS = [
  {
    name: 'base',
    patterns: ['src/errors.ts', 'src/log.ts', 'src/version.ts'],
    holds: 'error taxonomy, logger, version',
  },
  { name: 'content', patterns: ['src/content/**'], holds: 'sanitize, html → text, framing' },
  { name: 'zammad', patterns: ['src/zammad/**'], holds: 'the Zammad REST client (no MCP)' },
  {
    name: 'privacy',
    patterns: ['src/privacy/**'],
    holds: "pseudonyms of customers, lockdown of strangers' articles",
  },
  {
    name: 'config',
    patterns: ['src/config.ts', 'src/settings.ts', 'src/config/**'],
    holds: 'configuration parsing',
  },
  {
    name: 'telemetry',
    patterns: ['src/telemetry/**'],
    holds: 'OpenTelemetry spans and metrics (loaded only when configured)',
  },
  { name: 'policy', patterns: ['src/policy/**'], holds: 'risk, tool selection, scope, confirmations' },
  { name: 'auth', patterns: ['src/auth/**'], holds: 'principals, API keys, JWT' },
  { name: 'tools', patterns: ['src/tools/**'], holds: 'tool declarations, handlers, rendering' },
  {
    name: 'server',
    patterns: ['src/audit.ts', 'src/server/**'],
    holds: 'the MCP server, pipeline, prompts, audit',
  },
  { name: 'transports', patterns: ['src/transports/**'], holds: 'stdio and Streamable HTTP' },
  {
    name: 'top',
    patterns: [
      'src/app.ts',
      'src/posture.ts',
      'src/cli.ts',
      'src/doctor/**',
      'src/reload.ts',
      'src/policy-cli.ts',
    ],
    holds:
      'assembly, the command line, `doctor` (the connection and production checks), reloads and the policy commands',
  },
];

/** The Zammad-compatible sandbox: a workspace of its own that knows no product code. */
export const SANDBOX = {
  name: 'sandbox',
  patterns: ['packages/sandbox/**'],
  packageName: '@zammad-mcp/sandbox',
};

/** Product code may load the sandbox only here, and only by `import()` inside these functions. */
export const SANDBOX_LOADERS = { file: 'src/cli.ts', functions: ['demo', 'sandboxOnly'] };

/** Module specifiers src/zammad/ must not import (zammad/ knows no MCP). */
export const MCP_PACKAGES = /^@modelcontextprotocol\//;

/** Test files: exempt from the layer order (a test may assemble anything), not from the sandbox rule. */
export const TEST_FILE = /\.test\.ts$/;

// Upward imports that exist today, importer → imported (non-test files, type-only imports
// included). The list may only shrink: test/architecture.test.ts fails on an upward import not
// listed here AND on a listed one that no longer exists. The lint rule exempts exactly these.
/** @type {readonly (readonly [string, string])[]} */
export const KNOWN_VIOLATIONS = [];

/** @param {string} pattern @param {string} file a path relative to the repository, with '/' */
export function matches(pattern, file) {
  return pattern.endsWith('/**') ? file.startsWith(pattern.slice(0, -2)) : file === pattern;
}

/**
 * The room a file belongs to: its index in ROOMS, or -1 when none does. A test file belongs to the
 * room of the file it sits beside (src/config.test.ts is config). @param {string} file
 */
export function roomIndex(file) {
  const subject = file.replace(TEST_FILE, '.ts');
  return ROOMS.findIndex((room) => room.patterns.some((p) => matches(p, subject)));
}

/** @param {string} file */
export function isSandbox(file) {
  return SANDBOX.patterns.some((p) => matches(p, file));
}

/** The order, for messages: 'base < content < … < top'. */
export const ORDER = ROOMS.map((r) => r.name).join(' < ');
