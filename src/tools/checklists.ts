/**
 * Ticket checklists (Zammad 6.4+): get_ticket_checklist, list_checklist_templates,
 * add_checklist_items, set_checklist_item. A ticket has at most one checklist; its id is on the
 * ticket (`checklist_id`), which Zammad before 6.4 (or with checklists turned off on 6.4) lacks.
 */
import { z } from 'zod';
import { UserInputError } from '../errors.js';
import type { Checklist, ChecklistItem, ChecklistTemplate } from '../zammad/client.js';
import type { Ticket } from '../zammad/schemas.js';
import { defineTool, type ToolContext } from './define.js';
import { checklistItem, ticket } from './entities.js';
import { recordId, ticketRef } from './params.js';

/** Zammad allows 100 items per checklist (Checklist::Item#validate_item_count). */
const MAX_ITEMS = 100;
const UNAVAILABLE =
  'Checklists are not available on this Zammad (needs 6.4+ with checklists turned on in the admin settings).';

const itemText = z
  .string()
  .trim()
  .min(1, 'an item text cannot be empty')
  .max(500, 'an item text has at most 500 characters');

const ItemOut = z.object({ id: z.number(), text: z.string(), checked: z.boolean() });
const ChecklistOut = z.object({
  id: z.number(),
  name: z.string(),
  done: z.number(),
  total: z.number(),
  items: z.array(ItemOut),
});

/** The ticket's checklist id (null: none yet), or the "not available" error where Zammad has none. */
function checklistIdOf(t: Ticket): number | null {
  const v = (t as Record<string, unknown>)['checklist_id'];
  if (v === null) return null;
  if (typeof v === 'number') return v;
  throw new UserInputError(UNAVAILABLE);
}

const line = (i: Pick<ChecklistItem, 'id' | 'text' | 'checked'>): string =>
  `[${i.checked ? 'x' : ' '}] item ${i.id}: ${i.text === '' ? '(empty)' : i.text}`;

function summary(c: Checklist): z.infer<typeof ChecklistOut> {
  const items = c.items.map((i) => ({ id: i.id, text: i.text, checked: i.checked }));
  return { id: c.id, name: c.name, done: items.filter((i) => i.checked).length, total: items.length, items };
}

const named = (c: { name: string }): string => (c.name ? `"${c.name}"` : '(untitled)');

/**
 * Zammad's refusal of a checklist request once the ticket itself was readable; what a sequence of
 * writes had done before it ("Before that, …") stays in the message.
 */
const refused = (e: Error): Error => {
  const at = e.message.indexOf('Before that, ');
  return new UserInputError(
    `Zammad refused the checklist request: checklists may be turned off in this Zammad, or the token may not change this ticket.${at < 0 ? '' : ` ${e.message.slice(at)}`}`,
  );
};

export const getTicketChecklist = defineTool({
  name: 'get_ticket_checklist',
  title: 'Ticket checklist',
  description:
    "A ticket's checklist (Zammad 6.4+): each item with its id and whether it is checked. set_checklist_item takes the item ids.",
  category: 'tickets',
  toolset: 'collaboration',
  risk: 'read',
  input: z.object({ ...ticketRef }),
  output: z.object({ ticket_id: z.number(), number: z.string(), checklist: ChecklistOut.nullable() }),
  entities: { ticket: ticket('record') },
  errors: { hidden: refused },
  // 2 requests: the ticket (its checklist_id), then GET /checklists/{id}?full=true (items included).
  async handler(_a, ctx, { ticket: t }) {
    const base = { ticket_id: t.id, number: t.number };
    const cid = checklistIdOf(t);
    if (cid === null)
      return {
        text: `Ticket #${t.number} has no checklist. add_checklist_items creates one.`,
        structured: { ...base, checklist: null },
      };
    const c = summary(await ctx.zammad.collab.checklist(cid, ctx.signal));
    return {
      text: [
        `Checklist ${named(c)} of ticket #${t.number}: ${c.done} of ${c.total} done.`,
        ...c.items.map(line),
      ].join('\n'),
      structured: { ...base, checklist: c },
    };
  },
});

const TemplateOut = z.object({
  id: z.number(),
  name: z.string(),
  active: z.boolean(),
  items: z.array(z.string()),
});

export const listChecklistTemplates = defineTool({
  name: 'list_checklist_templates',
  title: 'Checklist templates',
  description:
    'The checklist templates of this Zammad (6.4+) with their items; add_checklist_items takes an active one by name or id.',
  category: 'tickets',
  toolset: 'collaboration',
  risk: 'read',
  input: z.object({}),
  output: z.object({ total: z.number(), templates: z.array(TemplateOut) }),
  errors: { not_found: () => new UserInputError(UNAVAILABLE) },
  // 1 request: GET /checklist_templates?full=true.
  async handler(_a, ctx) {
    const templates = await ctx.zammad.collab.checklistTemplates(ctx.signal);
    const show = (t: ChecklistTemplate): string => {
      const first = t.items.slice(0, 5).join('; ');
      const more = t.items.length > 5 ? `; … ${t.items.length - 5} more` : '';
      return `- ${t.name} (id ${t.id}${t.active ? '' : ', inactive'}, ${t.items.length} items): ${first}${more}`;
    };
    const text = templates.length
      ? [`${templates.length} checklist templates:`, ...templates.map(show)].join('\n')
      : 'No checklist templates in this Zammad.';
    return { text, structured: { total: templates.length, templates } };
  },
});

/** An active template by id or exact name (any case); an unknown or inactive one lists the usable ones. */
async function templateFor(ref: number | string, ctx: ToolContext): Promise<ChecklistTemplate> {
  const all = await ctx.zammad.collab.checklistTemplates(ctx.signal);
  const active = all.filter((t) => t.active);
  const hit = all.find((t) =>
    typeof ref === 'number' ? t.id === ref : t.name.toLowerCase() === ref.trim().toLowerCase(),
  );
  const usable = active.length
    ? `Active templates: ${active.map((t) => `${t.name} (id ${t.id})`).join(', ')}.`
    : 'This Zammad has no active checklist template.';
  if (!hit) throw new UserInputError(`Unknown checklist template ${JSON.stringify(ref)}. ${usable}`);
  if (!hit.active) throw new UserInputError(`Checklist template "${hit.name}" is inactive. ${usable}`);
  if (hit.items.length === 0) throw new UserInputError(`Checklist template "${hit.name}" has no items.`);
  return hit;
}

const AddOut = z.object({
  ticket_id: z.number(),
  number: z.string(),
  checklist_id: z.number(),
  created_checklist: z.boolean(),
  added: z.array(ItemOut),
  done: z.number(),
  total: z.number(),
});

export const addChecklistItems = defineTool({
  name: 'add_checklist_items',
  title: 'Add checklist items',
  description:
    "Add items to a ticket's checklist (Zammad 6.4+), creating it when the ticket has none: items (1–50 texts) or template (name or id, see list_checklist_templates).",
  category: 'tickets',
  toolset: 'collaboration',
  risk: 'write',
  input: z.object({
    ...ticketRef,
    items: z
      .array(itemText)
      .min(1, 'items takes 1 to 50 texts')
      .max(50, 'items takes at most 50 texts per call')
      .optional()
      .describe('Item texts, 1 to 50'),
    template: z
      .union([recordId('Template'), z.string().trim().min(1).max(250)])
      .optional()
      .describe('A checklist template name or id'),
  }),
  output: AddOut,
  entities: { ticket: ticket('record') },
  check(a) {
    if ((a.items === undefined) === (a.template === undefined))
      throw new UserInputError(
        'Give either items (1 to 50 texts) or template (a name or id from list_checklist_templates).',
      );
  },
  errors: { hidden: refused },
  // The ticket; GET /checklist_templates for a template; GET /checklists/{id}?full=true when one
  // exists. Writes, one after another and never retried: a new checklist from a template is one
  // POST /checklists; a new empty one is POST /checklists (Zammad adds one empty item), a PATCH of
  // that item to the first text, then one POST /checklist_items per further text; an existing
  // checklist gets one POST /checklist_items per text.
  async handler(a, ctx, { ticket: t }) {
    const cid = checklistIdOf(t);
    const tpl = a.template !== undefined ? await templateFor(a.template, ctx) : undefined;
    const texts = tpl ? tpl.items : (a.items ?? []);
    const collab = ctx.zammad.collab;
    let checklist: Checklist;
    let added: ChecklistItem[];
    if (cid !== null) {
      const existing = await collab.checklist(cid, ctx.signal);
      const room = MAX_ITEMS - existing.items.length;
      if (texts.length > room)
        throw new UserInputError(
          `The checklist of ticket #${t.number} has ${existing.items.length} items; Zammad allows ${MAX_ITEMS}, so at most ${Math.max(0, room)} more.`,
        );
      added = await collab.sequence(
        texts.map((text) => () => collab.addChecklistItem(cid, text, ctx.signal)),
        (n) => `${n} of ${texts.length} items had been added to the checklist of ticket #${t.number}`,
      );
      checklist = { ...existing, items: [...existing.items, ...added] };
    } else if (tpl) {
      checklist = await collab.createChecklist(t.id, tpl.id, ctx.signal);
      added = checklist.items;
    } else {
      const fresh = await collab.createChecklist(t.id, undefined, ctx.signal);
      const blank = fresh.items.length === 1 && fresh.items[0]?.text === '' ? fresh.items[0] : undefined;
      const [first, ...rest] = texts;
      const steps = [
        ...(blank && first !== undefined
          ? [() => collab.updateChecklistItem(blank.id, { text: first }, ctx.signal)]
          : []),
        ...(blank ? rest : texts).map((text) => () => collab.addChecklistItem(fresh.id, text, ctx.signal)),
      ];
      added = await collab.sequence(
        steps,
        (n) =>
          `a checklist was created on ticket #${t.number} and ${n} of ${texts.length} items were filled in`,
      );
      const kept = fresh.items.filter((i) => i.id !== blank?.id);
      checklist = { ...fresh, items: [...kept, ...added] };
    }
    const s = summary(checklist);
    const addedOut = added.map((i) => ({ id: i.id, text: i.text, checked: i.checked }));
    const what =
      cid === null
        ? `New checklist ${named(checklist)} on ticket #${t.number}`
        : `Checklist of ticket #${t.number}`;
    return {
      text: [
        `${what}: added ${addedOut.length} item${addedOut.length === 1 ? '' : 's'}${tpl ? ` from template "${tpl.name}"` : ''}; ${s.done} of ${s.total} done.`,
        ...addedOut.map(line),
      ].join('\n'),
      structured: {
        ticket_id: t.id,
        number: t.number,
        checklist_id: checklist.id,
        created_checklist: cid === null,
        added: addedOut,
        done: s.done,
        total: s.total,
      },
    };
  },
});

export const setChecklistItem = defineTool({
  name: 'set_checklist_item',
  title: 'Check or rename a checklist item',
  description:
    'Check, uncheck or rename one checklist item by its id (get_ticket_checklist shows them). Says so when nothing changes.',
  category: 'tickets',
  toolset: 'collaboration',
  risk: 'write',
  input: z.object({
    item_id: recordId('Checklist item'),
    checked: z.boolean().optional(),
    text: itemText.optional(),
  }),
  output: z.object({
    ticket_id: z.number(),
    number: z.string(),
    item: ItemOut,
    changed: z.boolean(),
    done: z.number(),
    total: z.number(),
  }),
  entities: { entry: checklistItem('item_id') },
  check(a) {
    if (a.checked === undefined && a.text === undefined)
      throw new UserInputError('Give checked (true or false), text, or both.');
  },
  errors: { hidden: refused },
  // The item, its checklist and its ticket (scope), then one PATCH /checklist_items/{id} with only
  // what changes (nothing is sent when nothing would).
  async handler(a, ctx, { entry }) {
    const { item, checklist, ticket: t } = entry;
    const change: { text?: string; checked?: boolean } = {};
    if (a.checked !== undefined && a.checked !== item.checked) change.checked = a.checked;
    if (a.text !== undefined && a.text !== item.text) change.text = a.text;
    const changed = Object.keys(change).length > 0;
    const after = changed ? await ctx.zammad.collab.updateChecklistItem(item.id, change, ctx.signal) : item;
    const s = summary({ ...checklist, items: checklist.items.map((i) => (i.id === after.id ? after : i)) });
    const out = { id: after.id, text: after.text, checked: after.checked };
    const what = [
      change.checked !== undefined ? (change.checked ? 'checked' : 'unchecked') : undefined,
      change.text !== undefined ? `renamed from "${item.text}"` : undefined,
    ].filter(Boolean);
    return {
      text: `${changed ? `Item ${item.id} ${what.join(' and ')}` : `Item ${item.id} is already so; nothing changed`} (ticket #${t.number}, ${s.done} of ${s.total} done):\n${line(out)}`,
      structured: { ticket_id: t.id, number: t.number, item: out, changed, done: s.done, total: s.total },
    };
  },
});

export const checklistReadTools = [getTicketChecklist, listChecklistTemplates];
export const checklistWriteTools = [addChecklistItems, setChecklistItem];
