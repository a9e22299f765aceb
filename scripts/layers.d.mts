// Types for scripts/layers.mjs (a plain ES module so that eslint.config.js can import it).
export interface Room {
  name: string;
  patterns: readonly string[];
  holds: string;
}
export declare const ROOMS: readonly Room[];
export declare const SANDBOX: { name: string; patterns: readonly string[]; packageName: string };
export declare const SANDBOX_LOADERS: { file: string; functions: readonly string[] };
export declare const MCP_PACKAGES: RegExp;
export declare const TEST_FILE: RegExp;
export declare const KNOWN_VIOLATIONS: readonly (readonly [string, string])[];
export declare function matches(pattern: string, file: string): boolean;
export declare function roomIndex(file: string): number;
export declare function isSandbox(file: string): boolean;
export declare const ORDER: string;
