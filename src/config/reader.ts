/**
 * Reading settings: the environment and CLI flags merged (flags win), secrets from `<ENV>_FILE`,
 * and typed readers that collect every problem instead of stopping at the first. Ranges, defaults
 * and allowed values come from the settings table, the same one the documentation is made of.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { settingOf, SETTINGS, type Setting } from './settings/index.js';

export interface ConfigSource {
  env: Record<string, string | undefined>;
  argv?: readonly string[];
  /** For tests: read a secret file. */
  readFile?: (path: string) => string;
}

/** What every area's parser gets: typed readers, and the lists problems and warnings go to. */
export interface Reader {
  /** The value, or undefined when unset or empty (a secret may come from its `_FILE`). */
  str(env: string): string | undefined;
  /** The value or the setting's default. */
  strOrDefault(env: string): string;
  bool(env: string): boolean;
  /** A whole number within the setting's range; out of range is a problem. */
  int(env: string): number;
  oneOf<T extends string>(env: string): T;
  /** A comma list, entries trimmed, empty ones dropped. */
  list(env: string): string[];
  readFile(path: string): string;
  readonly problems: string[];
  readonly warnings: string[];
}

/** Splits a comma list; entries trimmed, empty ones dropped. */
export function parseList(v: string | undefined): string[] {
  if (!v) return [];
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The error code of a failed file read, for messages. */
export function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'unreadable';
}

/** Maps `--flag value`, `--flag=value` and bare boolean `--flag` onto their environment names. */
function flagsToEnv(argv: readonly string[], problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const byFlag = new Map(SETTINGS.filter((s) => s.flag).map((s) => [s.flag as string, s]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      problems.push(`Unexpected argument "${arg}". Run \`zammad-mcp --help\` for the usage.`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const setting = byFlag.get(name);
    if (!setting) {
      problems.push(`Unknown option ${name}. Run \`zammad-mcp --help\` for the options.`);
      continue;
    }
    if (eq !== -1) out[setting.env] = arg.slice(eq + 1);
    else if (setting.kind === 'boolean') out[setting.env] = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) problems.push(`Option ${name} needs a value.`);
      else {
        out[setting.env] = next;
        i++;
      }
    }
  }
  return out;
}

const BOOL_TRUE = new Set(['1', 'true', 'yes', 'on']);
const BOOL_FALSE = new Set(['0', 'false', 'no', 'off', '']);

export function createReader(src: ConfigSource): Reader {
  const problems: string[] = [];
  const warnings: string[] = [];
  const readFile = src.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const values: Record<string, string | undefined> = { ...src.env, ...flagsToEnv(src.argv ?? [], problems) };

  const raw = (s: Setting): string | undefined => {
    const direct = values[s.env];
    if (s.secret) {
      const file = values[`${s.env}_FILE`];
      if (file !== undefined && file !== '') {
        if (direct !== undefined && direct !== '') {
          problems.push(`${s.env} and ${s.env}_FILE are both set. Set only one of them.`);
          return undefined;
        }
        try {
          const content = readFile(file).trim();
          if (!content) problems.push(`${s.env}_FILE (${file}) is empty. Put the value in that file.`);
          return content || undefined;
        } catch (e) {
          problems.push(
            `${s.env}_FILE names ${file}, which cannot be read (${codeOf(e)}). Fix the path or its permissions.`,
          );
          return undefined;
        }
      }
    }
    return direct === '' ? undefined : direct;
  };

  const str = (env: string): string | undefined => raw(settingOf(env));
  return {
    problems,
    warnings,
    readFile,
    str,
    strOrDefault: (env) => str(env) ?? settingOf(env).default ?? '',
    list: (env) => parseList(str(env)),
    bool(env) {
      const s = settingOf(env);
      const v = (raw(s) ?? s.default ?? 'false').toLowerCase();
      if (BOOL_TRUE.has(v)) return true;
      if (BOOL_FALSE.has(v)) return false;
      problems.push(`${env}="${v}" is not a boolean. Use true or false.`);
      return false;
    },
    int(env) {
      const s = settingOf(env);
      if (s.min === undefined || s.max === undefined) throw new Error(`${env} declares no range`);
      const v = raw(s) ?? s.default ?? '0';
      const n = z.coerce.number().int().min(s.min).max(s.max).safeParse(v);
      if (!n.success) {
        problems.push(`${env}="${v}" must be a whole number from ${s.min} to ${s.max}.`);
        return Number(s.default ?? s.min);
      }
      return n.data;
    },
    oneOf<T extends string>(env: string): T {
      const s = settingOf(env);
      const v = raw(s) ?? s.default ?? '';
      if (!s.values?.includes(v)) {
        problems.push(`${env}="${v}" is not allowed. Use one of: ${(s.values ?? []).join(', ')}.`);
        return (s.default ?? '') as T;
      }
      return v as T;
    },
  };
}
