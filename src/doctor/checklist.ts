/**
 * The production checklist given to users of Zammad MCP servers, walked against this
 * configuration: a dedicated least-privilege Zammad user, every delete_* tool denied or
 * unreachable, HTTPS to Zammad, secrets from files rather than inline, logs free of customer
 * data, and how to revoke the token. Each a pass or a warning with its fix.
 */
import type { Config } from '../config/index.js';
import { SETTINGS } from '../config/settings/index.js';
import type { Selection } from '../policy/select.js';
import { pass, warn, type Check } from './checks.js';
import { zammadTransport, type Identity } from './connection.js';

/** Logins that say what they are for: an account made for the assistant. */
const DEDICATED = /(mcp|bot|api|service|svc|assistant|\bai\b|automation|integration)/i;

export function productionChecklist(
  config: Readonly<Config>,
  selection: Selection,
  env: Record<string, string | undefined>,
  identity: Identity | undefined,
): Check[] {
  const checks: Check[] = [];
  if (!identity)
    checks.push(
      warn(
        'dedicated user',
        'Not checked: the token’s user is unknown (see the checks above).',
        'Fix the connection, then run doctor again.',
      ),
    );
  else if (identity.admin)
    checks.push(
      warn(
        'dedicated user',
        `${identity.login} is an administrator, not a least-privilege user.`,
        'Create a Zammad user for the assistant (e.g. mcp-assistant) with the Agent role only and access to the groups it needs; use a token of that user.',
      ),
    );
  else if (!DEDICATED.test(identity.login))
    checks.push(
      warn(
        'dedicated user',
        `${identity.login} looks like a personal account: the assistant’s changes would show as that person’s, and revoking its token stops that person’s integrations too.`,
        'Create a Zammad user for the assistant (e.g. mcp-assistant) with the Agent role only, and use its token.',
      ),
    );
  else checks.push(pass('dedicated user', `${identity.login} is a dedicated, non-admin user.`));

  const deletes = selection.enabled.filter((t) => t.name.startsWith('delete_')).map((t) => t.name);
  checks.push(
    deletes.length
      ? warn(
          'delete tools',
          `Enabled: ${deletes.join(', ')} (each confirmed before it runs).`,
          'Unless the assistant must delete, set MCP_DENIED_TOOLS=delete_* (deny always wins).',
        )
      : pass(
          'delete tools',
          config.policy.deniedTools.some((p) => /^delete_/i.test(p))
            ? 'Every delete_* tool is denied (MCP_DENIED_TOOLS).'
            : 'No delete_* tool is enabled (the risk ceiling does not reach them).',
        ),
  );

  const transport = zammadTransport(config);
  checks.push(
    transport === 'https'
      ? pass('https', 'Zammad is reached over HTTPS.')
      : warn(
          'https',
          transport === 'loopback'
            ? 'Zammad is reached over plain HTTP on this machine (fine for a test, not for production).'
            : 'Zammad is reached over plain HTTP (ZAMMAD_ALLOW_HTTP): the token crosses the network unencrypted.',
          'Serve Zammad over HTTPS and use an https:// ZAMMAD_URL.',
        ),
  );

  const inline = SETTINGS.filter((s) => s.secret && env[s.env]).map((s) => s.env);
  checks.push(
    inline.length
      ? warn(
          'secrets',
          `Given inline: ${inline.join(', ')} (in the environment, so also in the client’s configuration file or shell history).`,
          `Put each in a file readable only by this user (chmod 600) and set ${inline.map((n) => `${n}_FILE`).join(', ')} instead, or let your client prompt for it (VS Code: "\${input:…}" with password: true).`,
        )
      : pass('secrets', 'Every secret comes from a file (*_FILE) or is not used.'),
  );

  checks.push(
    config.logLevel === 'debug'
      ? warn(
          'logs',
          'MCP_LOG_LEVEL=debug: ticket text and customers’ details are written to the logs.',
          'Use MCP_LOG_LEVEL=info (the default) in production.',
        )
      : pass('logs', `MCP_LOG_LEVEL=${config.logLevel}: no ticket text or customer data in the logs.`),
  );

  const who = identity ? `${identity.login}’s` : 'the user’s';
  checks.push(
    pass(
      'revoke',
      config.zammad.auth.kind === 'basic'
        ? `If the password leaks: change ${who} password in Zammad at once (Admin → Users), then update ZAMMAD_PASSWORD(_FILE).`
        : `If the token leaks: in Zammad, sign in as that user → avatar → Profile → Token Access → delete the token (an admin can also deactivate ${who} account under Admin → Users); then create a new token and update ZAMMAD_HTTP_TOKEN_FILE.`,
    ),
  );
  return checks;
}
