/**
 * `npm run bench`: the figures of the read-tools issue, measured on this machine, printed beside
 * their targets and written to bench/results/latest.json. The sections live in bench/run/.
 */
import { NODE_FLAGS } from '../src/version.js';
import { printSummary, writeResults } from './lib/report.js';
import { benchBulk } from './run/bulk.js';
import { benchCalls } from './run/calls.js';
import { benchColdStart } from './run/cold-start.js';
import { benchContextTools } from './run/context-tools.js';
import { benchMemory } from './run/memory.js';
import { benchPrivacy } from './run/privacy.js';
import { rows } from './run/report.js';
import { benchSandbox } from './run/sandbox.js';
import { benchSanitizing } from './run/sanitizing.js';
import { benchSubscriptions } from './run/subscriptions.js';
import { benchWorklistCalls } from './run/worklist.js';

const { sb, close } = await benchSandbox();
console.log(`zammad-mcp benchmarks · node ${process.version} · ${new Date().toISOString()}\n`);
await benchColdStart(sb);
await benchCalls(sb);
await benchWorklistCalls(sb);
await benchContextTools(sb);
await benchMemory(sb, NODE_FLAGS, 'documented launch, V8 flags', true);
await benchMemory(sb, [], 'plain `node dist/cli.js`', false);
await benchSanitizing(sb);
await benchBulk(sb);
await benchPrivacy(sb);
await benchSubscriptions(sb);
await close();
writeResults('latest.json', rows);
printSummary(rows);
