/**
 * The command line: the only reader of argv and the environment.
 *   zammad-mcp            serve MCP over stdio (configuration from the environment / flags)
 *   zammad-mcp demo       the built-in sandbox plus the server, no configuration needed
 *   zammad-mcp sandbox    only the Zammad-compatible sandbox, printing its URL and credentials
 *   zammad-mcp http       serve MCP over Streamable HTTP (same as MCP_TRANSPORT=http)
 *   zammad-mcp keygen     print a new client API key and its line for MCP_API_KEYS_FILE
 *   zammad-mcp audit-verify <file>   check an MCP_AUDIT_FILE
 *   zammad-mcp doctor     check the configuration, the connection to Zammad and the production checklist
 *   zammad-mcp policy check|explain   check a policy file; what a principal may use and why
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig, type ConfigSource } from './config/index.js';
import { createLogger, type Logger } from './log.js';
import type { App } from './app.js';
import type { Config } from './config/index.js';
import type * as PostureModule from './posture.js';
import { SETTINGS } from './config/settings/index.js';
import { NODE_FLAGS, SERVER_VERSION } from './version.js';

const out = (s: string): void => void process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
/** What the user asked to see (help, version, doctor's report) goes to stdout. */
const show = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);

const HELP = `zammad-mcp ${SERVER_VERSION} — a secure MCP server for Zammad

Usage:
  zammad-mcp [options]        serve MCP over stdio (set ZAMMAD_URL and ZAMMAD_HTTP_TOKEN)
  zammad-mcp http [options]   serve MCP over Streamable HTTP at /mcp (for teams; needs client authentication)
  zammad-mcp keygen [name]    print a new client API key and its line for MCP_API_KEYS_FILE
  zammad-mcp audit-verify <file>   check the chain and signatures of an MCP_AUDIT_FILE
  zammad-mcp doctor [options] check the configuration, the connection to Zammad (TLS, token,
                              permissions, group scope) and the production checklist; exit 0/1
  zammad-mcp policy check <file>   check an MCP_POLICY_FILE without starting
  zammad-mcp policy explain <principal> [--claim name=value]   what a principal may use, and which rule decided
  zammad-mcp demo             try it with the built-in sandbox: no Zammad needed
  zammad-mcp sandbox          run only the Zammad-compatible sandbox (prints URL and tokens)
  zammad-mcp --help | --version

Options (each also an environment variable; see docs/configuration.md):
${SETTINGS.filter((s) => s.flag)
  .map((s) => `  ${(s.flag + (s.kind === 'boolean' ? '' : ' <value>')).padEnd(34)} ${s.env}`)
  .join('\n')}
`;

async function serve(src: ConfigSource): Promise<number> {
  const r = loadConfig(src);
  if (!r.ok) {
    out(
      `zammad-mcp cannot start: ${r.problems.length} configuration problem${r.problems.length > 1 ? 's' : ''}:`,
    );
    for (const p of r.problems) out(`  - ${p}`);
    return 2;
  }
  const log = createLogger(r.config.logLevel);
  // Loaded only when serving: `--help` and configuration errors answer without the MCP SDK.
  const [{ createApp, StartupError }, { logPosture }] = await Promise.all([
    import('./app.js'),
    import('./posture.js'),
  ]);
  let app;
  try {
    app = await createApp(r.config, log, { source: src });
  } catch (e) {
    if (e instanceof StartupError) {
      out('zammad-mcp cannot start:');
      for (const p of e.problems) out(`  - ${p}`);
      return 2;
    }
    throw e;
  }
  // The connection checks of `doctor`, once, in the background: a failure is logged with its fix
  // and handed to the first tool call.
  const { startupCheck } = await import('./doctor/startup.js');
  void startupCheck(app);
  // SIGHUP and a changed policy file read the secret and policy files again.
  const { watchReloads } = await import('./reload.js');
  const stopWatching = watchReloads(app);
  try {
    return await serveApp(app, r.config, log, logPosture);
  } finally {
    stopWatching();
  }
}

async function serveApp(
  app: App,
  config: Readonly<Config>,
  log: Logger,
  logPosture: (typeof PostureModule)['logPosture'],
): Promise<number> {
  const r = { config };
  if (r.config.transport === 'http') {
    const { serveOverHttp } = await import('./transports/http/index.js');
    logPosture(log, r.config, app.selection, 'http');
    try {
      await serveOverHttp(app);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw e;
      out(
        `zammad-mcp cannot start: cannot listen on ${r.config.http.host}:${r.config.http.port} (${code}). Choose another MCP_HTTP_PORT or MCP_HTTP_HOST.`,
      );
      await app.close();
      return 2;
    }
    return 0;
  }
  const { serveOverStdio } = await import('./transports/stdio.js');
  logPosture(log, r.config, app.selection, 'stdio');
  await serveOverStdio(app);
  return 0;
}

async function keygen(argv: readonly string[]): Promise<number> {
  const [{ generateKey, keyLine }, { isValidKeyName }] = await Promise.all([
    import('./auth/api-keys.js'),
    import('./config/api-keys.js'),
  ]);
  const name = argv[0] ?? 'client';
  if (argv.length > 1 || !isValidKeyName(name)) {
    out('Usage: zammad-mcp keygen [name]   (name: letters, digits, . _ @ -; at most 64 characters)');
    return 2;
  }
  const key = generateKey();
  // The key goes to stdout alone (pipe-able); the explanation to stderr.
  process.stdout.write(`${key}\n`);
  out(`Give the key above to the client "${name}" (Authorization: Bearer <key>, or X-API-Key: <key>).
The server stores only its hash. Add this line to the file named by MCP_API_KEYS_FILE:

${keyLine(name, key)}

Optionally limit the key to risks: append :read (or :read+write, …) to the line.`);
  return 0;
}

async function demo(argv: readonly string[]): Promise<number> {
  const { startSandbox, formatSandboxBanner } = await import('@zammad-mcp/sandbox');
  const sandbox = await startSandbox();
  const env = {
    ...process.env,
    ZAMMAD_URL: sandbox.url,
    ZAMMAD_HTTP_TOKEN: sandbox.credentials.admin.token,
    ZAMMAD_OAUTH2_TOKEN: '',
    ZAMMAD_USERNAME: '',
    ZAMMAD_PASSWORD: '',
  };
  if (!process.stdin.isTTY) {
    // Launched by an MCP client (or piped): serve MCP over stdio against the sandbox, and say so
    // on stderr, where a person who ran it by hand looks.
    out(
      `zammad-mcp demo: serving MCP on stdio (stdin is not a terminal, so an MCP client is assumed) against a built-in Zammad sandbox at ${sandbox.url}. To see the instructions instead, run \`zammad-mcp demo\` in a terminal.`,
    );
    const code = await serve({ env, argv });
    await sandbox.close();
    return code;
  }
  const cli = fileURLToPath(import.meta.url);
  const launch = `node ${NODE_FLAGS.join(' ')} ${cli} demo`;
  out(`zammad-mcp demo: a Zammad-compatible sandbox is running with realistic data.

${formatSandboxBanner(sandbox)}

The sandbox above is for you to look at (curl, a browser). An MCP client does not connect to it:
it starts its own \`${launch}\`, which serves MCP on stdio against a new sandbox with the same
generated data, and stops it when the client quits. For Claude Desktop, Cursor or VS Code, add:

  "zammad-demo": { "command": "node", "args": [${NODE_FLAGS.map((f) => `"${f}"`).join(', ')}, "${cli}", "demo"] }

For Claude Code:

  claude mcp add zammad-demo -- ${launch}

Or open the MCP Inspector (${INSPECTOR}, which runs on Node 20) against it:

  npx -y ${INSPECTOR} ${launch}

Then ask your assistant, for example: "Which open tickets have high priority?"
Press Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  return 0;
}

/** The MCP Inspector the banner suggests: a version that runs on Node 20 and sends headers. */
const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';

async function doctor(argv: readonly string[]): Promise<number> {
  const { runDoctor, formatReport } = await import('./doctor/index.js');
  const report = await runDoctor({ env: process.env, argv });
  show(formatReport(report));
  return report.code;
}

async function sandboxOnly(): Promise<number> {
  const { startSandbox, formatSandboxBanner } = await import('@zammad-mcp/sandbox');
  const port = Number(process.env.SANDBOX_PORT ?? 0);
  const sandbox = await startSandbox({ port: Number.isInteger(port) ? port : 0 });
  out(formatSandboxBanner(sandbox));
  out('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sandbox.close();
  return 0;
}

async function auditVerify(argv: readonly string[]): Promise<number> {
  const file = argv[0];
  if (argv.length !== 1 || !file) {
    out('Usage: zammad-mcp audit-verify <file>   (with MCP_AUDIT_KEY or MCP_AUDIT_KEY_FILE set)');
    return 2;
  }
  const direct = process.env.MCP_AUDIT_KEY;
  const keyFile = process.env.MCP_AUDIT_KEY_FILE;
  if (direct !== undefined && keyFile !== undefined) {
    out('MCP_AUDIT_KEY and MCP_AUDIT_KEY_FILE are both set: keep one.');
    return 2;
  }
  let key = direct;
  if (keyFile !== undefined) {
    try {
      key = readFileSync(keyFile, 'utf8').trim();
    } catch (e) {
      out(
        `MCP_AUDIT_KEY_FILE names ${keyFile}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
      );
      return 2;
    }
  }
  if (!key) {
    out('audit-verify needs the key the file was written with: set MCP_AUDIT_KEY or MCP_AUDIT_KEY_FILE.');
    return 2;
  }
  const { verifyAuditFile } = await import('./audit.js');
  let r;
  try {
    r = await verifyAuditFile(file, key);
  } catch (e) {
    out(`${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`);
    return 2;
  }
  if (r.ok) {
    out(
      `${file}: ${r.events} audit events, chain and signatures intact. Last line: seq ${r.head.seq}, mac ${r.head.mac} — compare with the head the server logged ("audit file" lines) to tell whether lines were cut from the end.`,
    );
    return 0;
  }
  out(`${file}: line ${r.line}: ${r.problem}. The ${r.events} events before it verify.`);
  return 1;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    show(HELP);
    return 0;
  }
  if (cmd === '--version' || cmd === '-v') {
    show(SERVER_VERSION);
    return 0;
  }
  if (cmd === 'doctor') return doctor(rest);
  if (cmd === 'demo') return demo(rest);
  if (cmd === 'sandbox') return sandboxOnly();
  if (cmd === 'serve') return serve({ env: process.env, argv: rest });
  if (cmd === 'http') return serve({ env: { ...process.env, MCP_TRANSPORT: 'http' }, argv: rest });
  if (cmd === 'keygen') return keygen(rest);
  if (cmd === 'audit-verify') return auditVerify(rest);
  if (cmd === 'policy') {
    const { policyCommand } = await import('./policy-cli.js');
    return policyCommand(rest, { env: process.env }, (l) => void process.stdout.write(`${l}\n`));
  }
  return serve({ env: process.env, argv });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    out(`zammad-mcp failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
