/** The shape of one setting: the environment variable, the CLI flag, what it means. */
export type SettingKind = 'string' | 'url' | 'boolean' | 'integer' | 'list' | 'enum';

export interface Setting {
  env: string;
  flag?: string;
  kind: SettingKind;
  /** Secret values are never printed; each also accepts `<ENV>_FILE`. */
  secret?: boolean;
  values?: readonly string[];
  default?: string;
  /** The range of an integer (both ends allowed); `{range}` in the description shows it. */
  min?: number;
  max?: number;
  group:
    | 'Zammad'
    | 'Tools and policy'
    | 'Output'
    | 'Confirmations'
    | 'Privacy'
    | 'Subscriptions'
    | 'HTTP transport'
    | 'Logging'
    | 'Start-up'
    | 'Telemetry';
  description: string;
}
