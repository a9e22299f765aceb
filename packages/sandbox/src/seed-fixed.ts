/**
 * Zammad's fixed seed data (db/seeds/*.rb): roles, states, priorities, article types
 * and senders, plus the sandbox's groups, object attributes and time accounting types.
 */
import { INSTALLED_AT } from './clock.js';
import { seedObjectAttributes } from './seed-attributes.js';
import type { SandboxStore } from './store.js';

export { INSTALLED_AT };

const meta = { updated_by_id: 1, created_by_id: 1, created_at: INSTALLED_AT, updated_at: INSTALLED_AT };

export const ROLE_PERMISSIONS: Record<number, string[]> = {
  1: ['admin', 'user_preferences', 'report', 'knowledge_base.editor'],
  2: ['ticket.agent', 'chat.agent', 'cti.agent', 'user_preferences', 'knowledge_base.reader'],
  3: ['user_preferences', 'ticket.customer'],
};

export const GROUPS: Array<{ name: string; parent?: string; note: string }> = [
  { name: 'Users', note: 'Standard Group/Pool for Tickets.' },
  { name: 'Sales', note: 'Quotes, upgrades, contracts.' },
  { name: 'Support', note: 'Technical support (triage).' },
  { name: '1st Level', parent: 'Support', note: 'First-line support.' },
  { name: '2nd Level', parent: 'Support', note: 'Engineering escalations.' },
  { name: 'Billing', note: 'Invoices, payments, refunds.' },
];

export function seedReference(store: SandboxStore): void {
  const roles: Array<[string, string, boolean]> = [
    ['Admin', 'To configure your system.', false],
    ['Agent', 'To work on Tickets.', false],
    ['Customer', 'People who create Tickets ask for help.', true],
  ];
  roles.forEach(([name, note, signup], i) => {
    store.roles.set(i + 1, {
      id: i + 1,
      name,
      preferences: {},
      default_at_signup: signup,
      active: true,
      note,
      ...meta,
    });
    store.rolePermissions.set(i + 1, ROLE_PERMISSIONS[i + 1] ?? []);
  });

  const states: Array<[string, number, Partial<{ next: number; create: boolean; follow: boolean }>]> = [
    ['new', 1, { create: true }],
    ['open', 2, { follow: true }],
    ['pending reminder', 3, {}],
    ['closed', 5, {}],
    ['merged', 6, {}],
    ['pending close', 4, { next: 4 }],
  ];
  states.forEach(([name, type, o], i) => {
    const id = i + 1;
    store.states.set(id, {
      id,
      state_type_id: type,
      name,
      next_state_id: o.next ?? null,
      ignore_escalation: id >= 3,
      default_create: o.create ?? false,
      default_follow_up: o.follow ?? false,
      note: null,
      active: true,
      ...meta,
    });
  });

  const prios: Array<[string, string | null, string | null, boolean]> = [
    ['1 low', 'low-priority', 'low-priority', false],
    ['2 normal', null, null, true],
    ['3 high', 'important', 'high-priority', false],
  ];
  prios.forEach(([name, icon, color, def], i) => {
    store.priorities.set(i + 1, {
      id: i + 1,
      name,
      default_create: def,
      ui_icon: icon,
      ui_color: color,
      note: null,
      active: true,
      ...meta,
    });
  });

  const types = [
    'email',
    'sms',
    'chat',
    'fax',
    'phone',
    'twitter status',
    'twitter direct-message',
    'facebook feed post',
    'facebook feed comment',
    'note',
    'web',
    'telegram personal-message',
    'facebook direct-message',
    'whatsapp message',
  ];
  types.forEach((name, i) => store.articleTypes.set(i + 1, { id: i + 1, name }));
  ['Agent', 'Customer', 'System'].forEach((name, i) => store.articleSenders.set(i + 1, { id: i + 1, name }));

  for (const g of GROUPS) {
    const id = store.nextId('group');
    const parent = g.parent ? store.byName(store.groups, g.parent) : undefined;
    store.groups.set(id, {
      id,
      signature_id: 1,
      email_address_id: 1,
      name: parent ? `${parent.name} › ${g.name}` : g.name,
      name_last: g.name,
      parent_id: parent?.id ?? null,
      assignment_timeout: null,
      follow_up_possible: 'yes',
      reopen_time_in_days: null,
      follow_up_assignment: true,
      active: true,
      shared_drafts: true,
      note: g.note,
      ...meta,
    });
  }

  const taTypes = ['Research', 'Phone call', 'Email', 'Development', 'Customer meeting'];
  taTypes.forEach((name, i) =>
    store.timeAccountingTypes.set(i + 1, { id: i + 1, name, note: '', active: true, ...meta }),
  );

  seedObjectAttributes(store);
}
