export const SERVER_NAME = 'zammad-mcp';
export const SERVER_VERSION = '0.1.0';

/**
 * V8 flags of the documented stdio launch (README client snippets, `npm run demo`, and the
 * executable `dist/cli.js`): a small young generation and a capped old generation keep the resident
 * memory under 100 MB (bench/run.ts measures it). The attachment size limit stays far below the cap.
 */
export const NODE_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=128'] as const;

/**
 * V8 flags of the documented HTTP launch (README, and `dist/cli.js http`): one long-lived process
 * for a team, where a 2 MB young generation would cost a third of the throughput in collections
 * (bench/http.ts); V8's default young generation, and a bounded old generation.
 */
export const HTTP_NODE_FLAGS = ['--max-old-space-size=512'] as const;

/**
 * The first two lines of `dist/cli.js`, so that running the file itself picks the flags of its
 * mode. They are a shell script and JavaScript at once: `sh` runs line 2 and execs node with the
 * HTTP flags when an argument is `http` or `--transport=http`, or MCP_TRANSPORT is `http`, and with
 * the stdio flags otherwise; node skips line 1 and reads line 2 as a string and a comment. (A
 * wrong guess changes only memory settings, never behaviour.)
 */
export function binPrologue(): string {
  const stdio = NODE_FLAGS.join(' ');
  const http = HTTP_NODE_FLAGS.join(' ');
  return [
    '#!/bin/sh',
    `':' //; f="${stdio}"; [ "$MCP_TRANSPORT" = http ] && f="${http}"; for a; do { [ "$a" = http ] || [ "$a" = --transport=http ]; } && f="${http}"; done; exec node $f "$0" "$@"`,
  ].join('\n');
}
