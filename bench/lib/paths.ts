import { fileURLToPath } from 'node:url';

/** The repository's root, with a trailing slash. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
/** The built server, as `npm run build` writes it. */
export const distCli = `${root}dist/cli.js`;
