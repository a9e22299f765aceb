/**
 * Every setting the server reads, declared once: the environment variable, the CLI flag, the
 * range of a number, what it means. The parsers in src/config/ read them from here;
 * `scripts/gen-docs.ts` turns this table into docs/configuration.md.
 */
import { CONFIRMATION_SETTINGS } from './confirmations.js';
import { LOGGING_SETTINGS } from './logging.js';
import { OUTPUT_SETTINGS } from './output.js';
import { POLICY_SETTINGS } from './policy.js';
import { PRIVACY_SETTINGS } from './privacy.js';
import { TELEMETRY_SETTINGS } from './telemetry.js';
import type { Setting } from './setting.js';
import { STARTUP_SETTINGS } from './startup.js';
import { SUBSCRIPTION_SETTINGS } from './subscriptions.js';
import { TRANSPORT_SETTINGS } from './transport.js';
import { ZAMMAD_SETTINGS } from './zammad.js';

export type { Setting, SettingKind } from './setting.js';

/** In the order of docs/configuration.md and `--help`. */
export const SETTINGS: readonly Setting[] = [
  ...ZAMMAD_SETTINGS,
  ...POLICY_SETTINGS,
  ...OUTPUT_SETTINGS,
  ...CONFIRMATION_SETTINGS,
  ...PRIVACY_SETTINGS,
  ...SUBSCRIPTION_SETTINGS,
  ...TRANSPORT_SETTINGS,
  ...LOGGING_SETTINGS,
  ...STARTUP_SETTINGS,
  ...TELEMETRY_SETTINGS,
];

const BY_ENV = new Map(SETTINGS.map((s) => [s.env, s]));

/** The declared setting of a variable; an undeclared name is a programming error. */
export function settingOf(env: string): Setting {
  const s = BY_ENV.get(env);
  if (!s) throw new Error(`unknown setting ${env}`);
  return s;
}

/** The description as documented: `{range}` becomes the integer's range. */
export function describeSetting(s: Setting): string {
  return s.description.replace('{range}', `${s.min ?? ''}–${s.max ?? ''}`);
}
