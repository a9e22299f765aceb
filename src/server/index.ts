/** The MCP server: its factory, its dependencies and the pipeline every call passes. */
export { createServer, SERVER_NAME, SERVER_VERSION } from './create.js';
export type { ServerDeps } from './deps.js';
export { callTool, prepare, toolContext, type Entry } from './pipeline.js';
export { SubscriptionHub, type Timers } from './subscriptions.js';
