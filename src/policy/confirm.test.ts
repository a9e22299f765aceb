/**
 * Invariants of the confirmation gate over the real tool set: every gated tool can be confirmed,
 * no description claims a gate the code does not have, and no setting switches the gate off.
 */
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../config/settings/index.js';
import type { AnyTool } from '../tools/define.js';
import { ALL_TOOLS } from '../tools/registry.js';
import { isGated } from './confirm.js';
import { CONFIRM_ACTION_DESCRIPTION } from '../server/confirm-action.js';
import { deleteOrganization } from '../tools/organizations.js';
import { applyMacro } from '../tools/tickets/macro.js';
import { bulkApplyMacro, bulkUpdateTickets } from '../tools/bulk/index.js';
import { deleteTicket, mergeTickets } from '../tools/tickets/merge-delete.js';
import { replyToCustomer } from '../tools/tickets/reply.js';
import { deleteUser } from '../tools/users.js';

const destructiveTools = [mergeTickets, deleteTicket, deleteUser, deleteOrganization];

const externalTools = [replyToCustomer, applyMacro, bulkApplyMacro];

const tools: AnyTool[] = [
  ...new Map([...ALL_TOOLS, ...destructiveTools, ...externalTools].map((t) => [t.name, t])).values(),
];
const CLAIM = /confirm|approv|hmac/i;

describe('confirmation gate invariants', () => {
  it('covers the external and destructive tools', () => {
    expect(destructiveTools.length + externalTools.length).toBeGreaterThan(0);
    for (const t of [...destructiveTools, ...externalTools]) expect(isGated(t), t.name).toBe(true);
  });

  it("gates a write tool that declares confirm: 'always' (a batch), and no other write tool", () => {
    expect(bulkUpdateTickets.risk).toBe('write');
    expect(isGated(bulkUpdateTickets)).toBe(true);
    expect(isGated({ risk: 'write' })).toBe(false);
    expect(isGated({ risk: 'read', confirm: 'always' })).toBe(true);
    const writes = tools.filter((t) => t.risk === 'write' && isGated(t)).map((t) => t.name);
    expect(writes).toEqual(['bulk_update_tickets']);
  });

  it('every gated tool has a preview (a gated tool without one never runs)', () => {
    for (const t of tools.filter(isGated)) expect(typeof t.preview, t.name).toBe('function');
  });

  it('only gated tools claim a confirmation, and every gated tool says it is confirmed', () => {
    for (const t of tools) {
      if (isGated(t)) expect(t.description, t.name).toMatch(CLAIM);
      else expect(t.description, t.name).not.toMatch(CLAIM);
    }
  });

  it('confirm_action says what it is for and claims nothing the code does not check', () => {
    expect(CONFIRM_ACTION_DESCRIPTION).toMatch(/cannot show a confirmation form/);
    expect(CONFIRM_ACTION_DESCRIPTION).toMatch(/exact action/);
    expect(CONFIRM_ACTION_DESCRIPTION).not.toMatch(/hmac|signed|secure/i);
  });

  it('no setting turns confirmation off', () => {
    const about = SETTINGS.filter((s) => /CONFIRM|APPROV|SKIP/i.test(s.env)).map((s) => s.env);
    // The key, the lifetime and where used confirmations are remembered: none of them skips one.
    expect(about.sort()).toEqual([
      'MCP_CONFIRMATION_KEY',
      'MCP_CONFIRMATION_STORE_URL',
      'MCP_CONFIRMATION_TTL_SECONDS',
    ]);
  });
});
