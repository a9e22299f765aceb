/** Privacy: pseudonymization of customers and lockdown against strangers' text. */
import type { Reader } from './reader.js';
import type { PrivacyConfig } from './types.js';

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function parsePrivacy(r: Reader): PrivacyConfig {
  const key = r.str('MCP_PSEUDONYM_KEY');
  if (key !== undefined && key.length < 32)
    r.problems.push(
      'MCP_PSEUDONYM_KEY must be at least 32 characters (make one with `openssl rand -hex 32`).',
    );
  const domains = (env: string): string[] => {
    const list = r.list(env).map((d) => d.toLowerCase().replace(/^@/, ''));
    for (const d of list)
      if (!DOMAIN.test(d)) r.problems.push(`${env}: "${d}" is not a domain name (e.g. example.com).`);
    return list;
  };
  const region = r.strOrDefault('MCP_PSEUDONYM_PHONE_REGION').toUpperCase();
  // The format here; whether libphonenumber knows the country, when it is loaded (src/privacy/).
  if (region !== 'NONE' && !/^[A-Z]{2}$/.test(region))
    r.problems.push(
      `MCP_PSEUDONYM_PHONE_REGION "${region}" is not a country code (two letters, e.g. DE, US, GB), or "none".`,
    );
  return {
    pseudonymize: r.bool('MCP_PSEUDONYMIZE'),
    ...(key !== undefined ? { pseudonymKey: key } : {}),
    pseudonymizeAgents: r.bool('MCP_PSEUDONYMIZE_AGENTS'),
    keepDomains: domains('MCP_PSEUDONYM_KEEP_DOMAINS'),
    ...(region !== 'NONE' ? { phoneRegion: region } : {}),
    lockdown: r.bool('MCP_LOCKDOWN'),
    trustedSenderDomains: domains('MCP_TRUSTED_SENDER_DOMAINS'),
  };
}
