/** Object-manager attributes (ObjectManager::Attribute.list_full): a few built-ins plus the custom ticket fields. */
import { INSTALLED_AT } from './clock.js';
import { PRODUCTS } from './seed-scenarios.js';
import type { SandboxStore } from './store.js';
import type { JsonObject, ObjectAttributeRecord } from './types.js';

function attr(
  store: SandboxStore,
  object: string,
  name: string,
  display: string,
  dataType: string,
  position: number,
  dataOption: JsonObject,
  editable = false,
  o: { required?: boolean; active?: boolean } = {},
): ObjectAttributeRecord {
  const required = o.required === true;
  const screens: JsonObject = editable
    ? {
        create_middle: { 'ticket.agent': { shown: true, required } },
        edit: { 'ticket.agent': { shown: true, required } },
      }
    : {};
  const rec: ObjectAttributeRecord = {
    id: store.nextId('objectAttribute'),
    name,
    display,
    data_type: dataType,
    data_option: dataOption,
    data_option_new: {},
    editable,
    active: o.active ?? true,
    screens,
    to_create: false,
    to_migrate: false,
    to_delete: false,
    to_config: false,
    position,
    created_by_id: 1,
    updated_by_id: 1,
    created_at: INSTALLED_AT,
    updated_at: INSTALLED_AT,
    object,
  };
  store.objectAttributes.set(rec.id, rec);
  return rec;
}

export function seedObjectAttributes(store: SandboxStore): void {
  attr(store, 'Ticket', 'number', '#', 'input', 8, {
    type: 'text',
    readonly: 1,
    null: true,
    maxlength: 60,
    width: '68px',
  });
  attr(store, 'Ticket', 'title', 'Title', 'input', 8, {
    type: 'text',
    maxlength: 200,
    null: false,
    translate: false,
  });
  attr(store, 'Ticket', 'customer_id', 'Customer', 'user_autocompletion', 10, {
    relation: 'User',
    autocapitalize: false,
    multiple: false,
    guess: true,
    null: false,
    limit: 200,
  });
  attr(store, 'Ticket', 'organization_id', 'Organization', 'autocompletion_ajax_customer_organization', 12, {
    relation: 'Organization',
    autocapitalize: false,
    multiple: false,
    null: true,
    translate: false,
  });
  attr(store, 'Ticket', 'group_id', 'Group', 'tree_select', 25, {
    default: '',
    relation: 'Group',
    relation_condition: { access: 'full' },
    nulloption: true,
    multiple: false,
    null: false,
    translate: false,
    only_shown_if_selectable: true,
  });
  attr(store, 'Ticket', 'owner_id', 'Owner', 'select', 30, {
    default: '',
    relation: 'User',
    relation_condition: { roles: 'Agent' },
    nulloption: true,
    multiple: false,
    null: true,
    translate: false,
  });
  attr(store, 'Ticket', 'state_id', 'State', 'select', 40, {
    relation: 'TicketState',
    nulloption: true,
    multiple: false,
    null: false,
    default: 2,
    translate: true,
  });
  attr(store, 'Ticket', 'pending_time', 'Pending till', 'datetime', 41, {
    future: true,
    past: false,
    diff: null,
    null: true,
    translate: true,
    permission: ['ticket.agent'],
  });
  attr(store, 'Ticket', 'priority_id', 'Priority', 'select', 80, {
    relation: 'TicketPriority',
    nulloption: false,
    multiple: false,
    null: false,
    default: 2,
    translate: true,
  });
  attr(store, 'Ticket', 'tags', 'Tags', 'tag', 900, { type: 'text', null: true, translate: false });
  attr(
    store,
    'Ticket',
    'customer_ref',
    'Customer reference',
    'input',
    1500,
    { type: 'text', maxlength: 120, null: true, default: '', translate: false },
    true,
  );
  const options: JsonObject = {};
  for (const p of PRODUCTS) options[p.toLowerCase().replace(/[^a-z]+/g, '_')] = p;
  attr(
    store,
    'Ticket',
    'product',
    'Product',
    'select',
    1510,
    { options, default: '', null: true, nulloption: true, multiple: false, translate: false },
    true,
  );
  attr(store, 'User', 'login', 'Login', 'input', 100, {
    type: 'text',
    maxlength: 100,
    null: true,
    autocapitalize: false,
    item_class: 'formGroup--halfSize',
  });
  attr(store, 'User', 'firstname', 'First name', 'input', 200, {
    type: 'text',
    maxlength: 150,
    null: true,
    item_class: 'formGroup--halfSize',
  });
  attr(store, 'User', 'lastname', 'Last name', 'input', 300, {
    type: 'text',
    maxlength: 150,
    null: true,
    item_class: 'formGroup--halfSize',
  });
  attr(store, 'User', 'email', 'Email', 'input', 400, {
    type: 'email',
    maxlength: 150,
    null: true,
    item_class: 'formGroup--halfSize',
  });
  attr(store, 'Organization', 'name', 'Name', 'input', 200, {
    type: 'text',
    maxlength: 150,
    null: false,
    item_class: 'formGroup--halfSize',
  });
  attr(store, 'Organization', 'domain', 'Domain', 'input', 220, {
    type: 'text',
    maxlength: 150,
    null: true,
    item_class: 'formGroup--halfSize',
  });
  seedMoreTicketAttributes(store);
}

/** Custom ticket fields of the other kinds: tree select, multiselect, boolean, a required select, an inactive one. */
function seedMoreTicketAttributes(store: SandboxStore): void {
  const leaf = (parent: string, name: string): JsonObject => ({
    name,
    value: `${parent}::${name}`,
    children: [],
  });
  attr(
    store,
    'Ticket',
    'category',
    'Category',
    'tree_select',
    1520,
    {
      options: [
        {
          name: 'Hardware',
          value: 'Hardware',
          children: [leaf('Hardware', 'Printer'), leaf('Hardware', 'Laptop')],
        },
        {
          name: 'Software',
          value: 'Software',
          children: [leaf('Software', 'Mail'), leaf('Software', 'VPN')],
        },
        { name: 'Other', value: 'Other', children: [] },
      ],
      default: '',
      null: true,
      nulloption: true,
      multiple: false,
      translate: false,
    },
    true,
  );
  attr(
    store,
    'Ticket',
    'topics',
    'Topics',
    'multiselect',
    1530,
    {
      options: { billing: 'Billing', outage: 'Outage', feature_request: 'Feature request' },
      default: [],
      null: true,
      nulloption: true,
      multiple: true,
      translate: false,
    },
    true,
  );
  attr(
    store,
    'Ticket',
    'callback',
    'Callback requested',
    'boolean',
    1540,
    { options: { true: 'yes', false: 'no' }, default: false, null: true, translate: true },
    true,
  );
  attr(
    store,
    'Ticket',
    'contract_level',
    'Contract level',
    'select',
    1550,
    {
      options: { basic: 'Basic', business: 'Business', enterprise: 'Enterprise' },
      default: 'basic',
      null: false,
      nulloption: false,
      multiple: false,
      translate: false,
    },
    true,
    { required: true },
  );
  attr(
    store,
    'Ticket',
    'legacy_code',
    'Legacy code',
    'input',
    1560,
    { type: 'text', maxlength: 20, null: true, default: '', translate: false },
    true,
    { active: false },
  );
}

/** Custom ticket attributes (editable object-manager attributes of Ticket). */
export function customTicketAttributes(store: SandboxStore): ObjectAttributeRecord[] {
  return [...store.objectAttributes.values()].filter((a) => a.object === 'Ticket' && a.editable && a.active);
}
