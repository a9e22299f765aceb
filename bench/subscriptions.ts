/** `npm run bench:subscriptions`: the live-resources section of `npm run bench` alone. */
import { printSummary, writeResults } from './lib/report.js';
import { rows } from './run/report.js';
import { benchSandbox } from './run/sandbox.js';
import { benchSubscriptions } from './run/subscriptions.js';

const { sb, close } = await benchSandbox();
console.log(`zammad-mcp subscription benchmark · node ${process.version} · ${new Date().toISOString()}\n`);
await benchSubscriptions(sb);
await close();
writeResults('subscriptions.json', rows);
printSummary(rows);
