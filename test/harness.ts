/**
 * Test harness: a sandbox on loopback and a Zammad client / tool context pointed at it.
 */
import { loadConfig, type Config } from '../src/config/index.js';
import { silentLogger } from '../src/log.js';
import { createScope } from '../src/policy/scope.js';
import { startSandbox, type LoggedRequest, type Sandbox, type SandboxOptions } from '@zammad-mcp/sandbox';
import { explain, prepare, toolContext } from '../src/server/pipeline.js';
import type { AnyTool, ConfirmationPreview, ToolContext, ToolOutput } from '../src/tools/define.js';
import { ZammadClient } from '../src/zammad/client.js';

export interface Harness {
  sandbox: Sandbox;
  config: Readonly<Config>;
  zammad: ZammadClient;
  ctx(): ToolContext;
  /**
   * Validates args with the tool's input schema, then the pipeline's stages that concern the tool
   * itself: its input checks, its entities through the data scope, the handler, the output schema,
   * and what its failures mean (the error a caller sees before it is made safe for the model).
   */
  call<T extends AnyTool>(tool: T, args: Record<string, unknown>): Promise<ToolOutput<unknown>>;
  /** The same stages up to the tool's confirmation preview. */
  preview<T extends AnyTool>(tool: T, args: Record<string, unknown>): Promise<ConfirmationPreview>;
  close(): Promise<void>;
}

export function configFor(
  sandbox: Sandbox,
  env: Record<string, string> = {},
  who: 'admin' | 'agent' | 'customer' = 'admin',
): Readonly<Config> {
  const r = loadConfig({
    env: {
      ZAMMAD_URL: sandbox.url,
      ZAMMAD_HTTP_TOKEN: sandbox.credentials[who].token,
      ZAMMAD_MAX_RETRIES: '0',
      ...env,
    },
  });
  if (!r.ok) throw new Error(r.problems.join('\n'));
  return r.config;
}

export async function startHarness(
  o: { sandbox?: SandboxOptions; env?: Record<string, string>; as?: 'admin' | 'agent' | 'customer' } = {},
): Promise<Harness> {
  const sandbox = await startSandbox(o.sandbox);
  const config = configFor(sandbox, o.env, o.as);
  const zammad = new ZammadClient(config.zammad);
  const scope = createScope(zammad, config.policy.allowedGroups);
  const deps = { zammad, scope, config, log: silentLogger, principal: 'test', tools: [] };
  const ctx = (): ToolContext => toolContext(deps, new AbortController().signal, 'test');
  /** Runs `fn` with the tool's entities; a failure becomes what it means for the tool. */
  const stages = async <R>(
    tool: AnyTool,
    args: Record<string, unknown>,
    fn: (parsed: Record<string, unknown>, c: ToolContext, entities: never) => Promise<R>,
  ): Promise<R> => {
    const parsed = tool.input.parse(args) as Record<string, unknown>;
    const c = ctx();
    let entities: Record<string, unknown> | undefined;
    try {
      entities = await prepare(tool, parsed, deps, c.signal);
      return await fn(parsed, c, entities as never);
    } catch (e) {
      throw explain(e, deps, tool, 'test', parsed, entities);
    }
  };
  return {
    sandbox,
    config,
    zammad,
    ctx,
    async call(tool, args) {
      return stages(tool, args, async (parsed, c, entities) => {
        const out = (await tool.handler(parsed, c, entities)) as ToolOutput<unknown>;
        tool.output.parse(out.structured);
        return out;
      });
    },
    async preview(tool, args) {
      if (!tool.preview) throw new Error(`${tool.name} has no preview`);
      const preview = tool.preview;
      return stages(tool, args, (parsed, c, entities) => preview(parsed, c, entities));
    },
    async close() {
      await zammad.close();
      await sandbox.close();
    },
  };
}

/** The not-found message of a rejected call with the ids masked, to compare a hidden record with a missing one. */
export async function maskedNotFound(p: Promise<unknown>): Promise<string> {
  const e = (await p.then(
    () => undefined,
    (x: unknown) => x,
  )) as Error | undefined;
  if (!e) throw new Error('expected an error');
  if (e.name !== 'NotFoundError') throw new Error(`expected NotFoundError, got ${e.name}: ${e.message}`);
  return e.message.replace(/\d+/g, 'N');
}

/** The mutating requests (everything but GET) the sandbox received since `mark`. */
export function writesSince(h: Pick<Harness, 'sandbox'>, mark: number): LoggedRequest[] {
  return h.sandbox.log.since(mark).filter((e) => e.method !== 'GET');
}
