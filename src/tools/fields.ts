/**
 * list_ticket_fields: the custom fields of tickets, users or organizations (Zammad's active,
 * editable object attributes), with their allowed values: what update_ticket `attributes` accepts
 * (the same field-values.ts decides both).
 */
import { z } from 'zod';
import { UserInputError } from '../errors.js';
import { ZammadError } from '../zammad/errors.js';
import { defineTool } from './define.js';
import { customFields, optionText, type FieldSpec } from './field-values.js';

/** Options shown per field in the list; a single `field` shows all of them. */
const OPTIONS_SHOWN = 8;

function fieldLine(f: FieldSpec, all: boolean): string {
  const opts = f.options ?? [];
  const shown = all ? opts : opts.slice(0, OPTIONS_SHOWN);
  const rest = opts.length - shown.length;
  const values = f.options
    ? `: ${shown.map(optionText).join(', ')}${rest > 0 ? `, +${rest} more (field=${f.name})` : ''}`
    : f.maxlength
      ? ` ≤${f.maxlength} chars`
      : '';
  const label =
    f.display.toLowerCase().replace(/[^a-z0-9]/g, '') === f.name.replace(/[^a-z0-9]/g, '')
      ? ''
      : ` "${f.display}"`;
  return `${f.name}${label} ${f.type}${f.multiple && f.type !== 'multiselect' ? ' (list)' : ''}${f.required ? ' required' : ''}${values}`;
}

const FieldOut = z.object({
  name: z.string(),
  display: z.string(),
  type: z.string(),
  required: z.boolean(),
  multiple: z.boolean().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  maxlength: z.number().optional(),
});

export const listTicketFields = defineTool({
  name: 'list_ticket_fields',
  title: 'List custom fields',
  description: "Custom fields with types and allowed values: what update_ticket's attributes accept.",
  category: 'system',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({
    object: z.enum(['Ticket', 'User', 'Organization']).default('Ticket'),
    field: z.string().trim().min(1).max(100).optional().describe('One field, with all its values'),
  }),
  output: z.object({ object: z.string(), fields: z.array(FieldOut) }),
  // 1 request (GET /object_manager_attributes), none while cached.
  async handler(a, ctx) {
    const all = await ctx.zammad.objectAttributes(ctx.signal);
    let fields = customFields(all, a.object);
    if (a.field !== undefined) {
      const wanted = a.field.toLowerCase();
      const hit = fields.find((f) => f.name.toLowerCase() === wanted || f.display.toLowerCase() === wanted);
      if (!hit)
        throw new UserInputError(
          `${a.object} has no custom field "${a.field}". Its fields: ${fields.map((f) => f.name).join(', ') || 'none'}.`,
        );
      fields = [hit];
    }
    const lines = fields.map((f) => `- ${fieldLine(f, a.field !== undefined)}`);
    const head =
      fields.length === 0
        ? `${a.object} has no active custom fields.`
        : `${fields.length} custom ${a.object} field${fields.length > 1 ? 's' : ''} (name, type, allowed values)${a.object === 'Ticket' ? '; set them with update_ticket attributes, e.g. {"name": value}' : ''}:`;
    return {
      text: [head, ...lines].join('\n'),
      structured: {
        object: a.object,
        fields: fields.map((f) => ({
          name: f.name,
          display: f.display,
          type: f.type,
          required: f.required,
          ...(f.multiple ? { multiple: true } : {}),
          ...(f.options ? { options: f.options } : {}),
          ...(f.maxlength !== undefined ? { maxlength: f.maxlength } : {}),
        })),
      },
    };
  },
  errors: {
    // Zammad lets only admin.object read the definitions (object_manager_attributes_controller_policy).
    permission: (e) =>
      new ZammadError(
        'permission',
        `${e.message} Without it, update_ticket still sends attributes and Zammad checks them.`,
        e.status,
        e.detail,
      ),
  },
});
