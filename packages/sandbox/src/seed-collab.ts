/**
 * Checklist templates, a few checklists and the agents' online notifications. Runs after the
 * tickets and uses no random numbers, so the rest of the seeded data stays as it was.
 */
import { addChecklistItem, createChecklist } from './checklist-store.js';
import type { SandboxStore } from './store.js';
import type { TicketRecord } from './types.js';

const TEMPLATES: Array<{ name: string; active: boolean; items: string[] }> = [
  {
    name: 'Return order',
    active: true,
    items: [
      'Prepare shipment',
      'Print return label',
      'Hand over the goods to the shipping company',
      'Refund',
    ],
  },
  {
    name: 'New employee onboarding',
    active: true,
    items: ['Create account', 'Order laptop', 'Book intro call'],
  },
  { name: 'Old escalation process', active: false, items: ['Call the manager', 'Write a report'] },
];

const TYPES = ['create', 'update', 'reminder_reached', 'escalation'] as const;

export function seedCollaboration(store: SandboxStore, agents: { admin: number; agent: number }): void {
  for (const tpl of TEMPLATES) {
    const id = store.nextId('checklistTemplate');
    const at = '2025-03-10T10:00:00.000Z';
    const itemIds = tpl.items.map((text) => {
      const iid = store.nextId('checklistTemplateItem');
      store.checklistTemplateItems.set(iid, {
        id: iid,
        text,
        checklist_template_id: id,
        created_by_id: agents.admin,
        updated_by_id: agents.admin,
        created_at: at,
        updated_at: at,
      });
      return String(iid);
    });
    store.checklistTemplates.set(id, {
      id,
      name: tpl.name,
      active: tpl.active,
      sorted_item_ids: itemIds,
      created_by_id: agents.admin,
      updated_by_id: agents.admin,
      created_at: at,
      updated_at: at,
    });
  }

  const open = [...store.tickets.values()].filter((t) => t.state_id === 2 || t.state_id === 1);
  const inGroup = (g: number): TicketRecord[] => open.filter((t) => t.group_id === g);
  // A checklist in Sales (the agent may change it), one in Billing (read only for the agent) and
  // one in Support (hidden from the agent).
  const planted: Array<[TicketRecord | undefined, string, Array<[string, boolean]>]> = [
    [
      inGroup(2)[0],
      'Quote follow-up',
      [
        ['Send the quote', true],
        ['Call back on Friday', false],
        ['Update the CRM', false],
      ],
    ],
    [
      inGroup(6)[0],
      'Refund',
      [
        ['Check the invoice', true],
        ['Approve the refund', false],
      ],
    ],
    [
      inGroup(3)[0],
      '',
      [
        ['Collect logs', false],
        ['Reproduce', false],
      ],
    ],
  ];
  for (const [t, name, items] of planted) {
    if (!t) continue;
    const c = createChecklist(store, t, name, agents.admin, t.updated_at, true);
    for (const [text, checked] of items)
      addChecklistItem(store, c, text, agents.admin, t.updated_at, true).checked = checked;
  }

  // Online notifications: for the admin on tickets of every group, for the agent on Sales,
  // Billing and (from before a change of groups) Support tickets.
  const notify = (userId: number, tickets: TicketRecord[]): void =>
    tickets.forEach((t, i) => {
      const id = store.nextId('onlineNotification');
      const by = t.owner_id === userId || t.owner_id === 1 ? t.customer_id : t.owner_id;
      store.onlineNotifications.set(id, {
        id,
        o_id: t.id,
        object: 'Ticket',
        type: TYPES[i % TYPES.length] as string,
        seen: i % 3 === 2,
        user_id: userId,
        created_by_id: by,
        updated_by_id: by,
        created_at: t.updated_at,
        updated_at: t.updated_at,
      });
    });
  notify(agents.admin, [
    ...inGroup(1).slice(0, 2),
    ...inGroup(2).slice(0, 3),
    ...inGroup(3).slice(0, 3),
    ...inGroup(6).slice(0, 2),
  ]);
  notify(agents.agent, [...inGroup(2).slice(1, 5), ...inGroup(6).slice(1, 3), ...inGroup(3).slice(3, 5)]);
}
