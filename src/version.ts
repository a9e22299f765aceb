export const SERVER_NAME = 'zammad-mcp';
export const SERVER_VERSION = '0.1.0';

/**
 * V8 flags of the documented launch command (README, demo, the bin's shebang): a small young
 * generation and a capped old generation keep the resident memory under 100 MB (bench/run.ts
 * measures it). The attachment size limit stays far below the cap.
 */
export const NODE_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=128'] as const;
