import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { annotationsFor, type AnyTool } from './define.js';
import { createOrganization, deleteOrganization, updateOrganization } from './organizations.js';
import { createTicket } from './tickets/create.js';
import { applyMacro } from './tickets/macro.js';
import { deleteTicket, mergeTickets } from './tickets/merge-delete.js';
import { addInternalNote, addTimeAccounting, saveDraftReply } from './tickets/notes.js';
import { replyToCustomer } from './tickets/reply.js';
import { addTicketTag, linkTickets, removeTicketTag, unlinkTickets } from './tickets/tags-links.js';
import { updateTicket } from './tickets/update.js';
import { createUser, deleteUser, updateUser } from './users.js';

const destructiveTools = [mergeTickets, deleteTicket, deleteUser, deleteOrganization];

const externalTools = [replyToCustomer, applyMacro];

const peopleWriteTools = [createUser, updateUser, createOrganization, updateOrganization];

const tagLinkWriteTools = [addTicketTag, removeTicketTag, linkTickets, unlinkTickets];

const ticketWriteTools = [createTicket, updateTicket, addInternalNote, saveDraftReply, addTimeAccounting];

type JsonSchema = {
  type?: string | string[];
  maxLength?: number;
  maximum?: number;
  minimum?: number;
  maxItems?: number;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
};

function unbounded(s: JsonSchema, path: string): string[] {
  if (s.anyOf) return s.anyOf.flatMap((x) => unbounded(x, path));
  if (s.enum) return [];
  const type = Array.isArray(s.type) ? s.type : [s.type];
  const out: string[] = [];
  if (type.includes('string') && s.maxLength === undefined) out.push(`${path}: string without maxLength`);
  if (
    (type.includes('number') || type.includes('integer')) &&
    (s.minimum === undefined || s.maximum === undefined)
  )
    out.push(`${path}: number without a range`);
  if (type.includes('array')) {
    if (s.maxItems === undefined) out.push(`${path}: array without maxItems`);
    if (s.items) out.push(...unbounded(s.items, `${path}[]`));
  }
  if (type.includes('object')) {
    for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...unbounded(v, `${path}.${k}`));
    if (s.additionalProperties && typeof s.additionalProperties === 'object')
      out.push(...unbounded(s.additionalProperties, `${path}.*`));
    if (s.propertyNames) out.push(...unbounded(s.propertyNames, `${path}{key}`));
  }
  return out;
}

const write: AnyTool[] = [...ticketWriteTools, ...tagLinkWriteTools, ...peopleWriteTools];
const gated: AnyTool[] = [...externalTools, ...destructiveTools];

describe('write, external and destructive tools', () => {
  it('are the catalog tools with the catalog risks', () => {
    expect(Object.fromEntries([...write, ...gated].map((t) => [t.name, t.risk]))).toEqual({
      create_ticket: 'write',
      update_ticket: 'write',
      add_internal_note: 'write',
      save_draft_reply: 'write',
      add_time_accounting: 'write',
      add_ticket_tag: 'write',
      remove_ticket_tag: 'write',
      link_tickets: 'write',
      unlink_tickets: 'write',
      create_user: 'write',
      update_user: 'write',
      create_organization: 'write',
      update_organization: 'write',
      reply_to_customer: 'external',
      apply_macro: 'external',
      merge_tickets: 'destructive',
      delete_ticket: 'destructive',
      delete_user: 'destructive',
      delete_organization: 'destructive',
    });
  });

  it('give every gated tool a preview and say how it is confirmed; write tools claim nothing of the sort', () => {
    for (const t of gated) {
      expect(typeof t.preview, t.name).toBe('function');
      expect(t.description, t.name).toMatch(
        /Confirmed before it runs.*a form .* otherwise a preview and a single-use token for confirm_action/,
      );
    }
    for (const t of write) {
      expect(t.preview, t.name).toBeUndefined();
      expect(t.description, t.name).not.toMatch(/confirm|hmac|approval/i);
    }
  });

  it('bound every input, keep inputs flat and descriptions short', () => {
    for (const t of [...write, ...gated]) {
      const schema = z.toJSONSchema(t.input, { io: 'input' }) as JsonSchema;
      expect(unbounded(schema, t.name)).toEqual([]);
      const objects = Object.values(schema.properties ?? {}).filter((p) => p.type === 'object');
      expect(objects.length, t.name).toBeLessThanOrEqual(1);
      expect(t.description.length, t.name).toBeLessThanOrEqual(600);
      expect(annotationsFor(t).readOnlyHint).toBe(false);
    }
  });
});
