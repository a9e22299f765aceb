/**
 * dist/cli.js is ASCII. V8 keeps a script's source text on the heap for the life of the process:
 * one byte per character when the file is ASCII, two for every character of it as soon as one is
 * not (a comment's dash or a regular expression's full-width bar was enough: 6.3 MB instead of
 * 3.2 MB of the stdio server's heap). scripts/build.mjs escapes what esbuild leaves.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI } from './mcp.js';

describe('the bundle', () => {
  it('holds no byte outside ASCII', () => {
    const bytes = readFileSync(CLI);
    const at = bytes.findIndex((b) => b > 0x7f);
    expect(at === -1 ? '' : bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8')).toBe('');
  });
});
