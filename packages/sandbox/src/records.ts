/** Blank records in Zammad's column order, shared by the seed and the write routes. */
import type { TicketRecord, UserRecord } from './types.js';

export type TicketInit = Pick<
  TicketRecord,
  'id' | 'group_id' | 'state_id' | 'title' | 'customer_id' | 'created_by_id' | 'created_at'
> &
  Partial<TicketRecord>;

export function blankTicket(init: TicketInit): TicketRecord {
  const rec: TicketRecord = {
    id: init.id,
    group_id: init.group_id,
    priority_id: 2,
    state_id: init.state_id,
    organization_id: null,
    number: String(31000 + init.id),
    title: init.title,
    owner_id: 1,
    customer_id: init.customer_id,
    note: null,
    first_response_at: null,
    first_response_escalation_at: null,
    first_response_in_min: null,
    first_response_diff_in_min: null,
    close_at: null,
    close_escalation_at: null,
    close_in_min: null,
    close_diff_in_min: null,
    update_escalation_at: null,
    update_in_min: null,
    update_diff_in_min: null,
    last_close_at: null,
    last_contact_at: null,
    last_contact_agent_at: null,
    last_contact_customer_at: null,
    last_owner_update_at: null,
    create_article_type_id: null,
    create_article_sender_id: null,
    article_count: 0,
    escalation_at: null,
    pending_time: null,
    type: null,
    time_unit: null,
    preferences: {},
    updated_by_id: init.created_by_id,
    created_by_id: init.created_by_id,
    created_at: init.created_at,
    updated_at: init.created_at,
    checklist_id: null,
    custom: {},
  };
  return Object.assign(rec, init); // keeps the column order of `rec`
}

export function blankUser(
  id: number,
  u: Partial<UserRecord> & Pick<UserRecord, 'login' | 'firstname' | 'lastname' | 'email'>,
  at: string,
): UserRecord {
  const rec: UserRecord = {
    id,
    organization_id: null,
    login: '',
    firstname: '',
    lastname: '',
    email: '',
    image: null,
    image_source: null,
    web: '',
    phone: '',
    fax: '',
    mobile: '',
    department: null,
    street: '',
    zip: '',
    city: '',
    country: '',
    address: null,
    vip: false,
    verified: false,
    active: true,
    note: '',
    last_login: null,
    source: null,
    login_failed: 0,
    out_of_office: false,
    out_of_office_start_at: null,
    out_of_office_end_at: null,
    out_of_office_replacement_id: null,
    preferences: { locale: 'en-us' },
    updated_by_id: 1,
    created_by_id: 1,
    created_at: at,
    updated_at: at,
  };
  return Object.assign(rec, u);
}
