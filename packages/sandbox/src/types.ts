/**
 * Record types of the sandbox store. Field names and order follow Zammad's database
 * columns (docs/reference/zammad-api.md §8) so that rendering is a plain copy.
 * These are `type` aliases (not interfaces) so they are assignable to `JsonObject`.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** '6.3': before checklists (no checklist routes, no `checklist_id` on tickets). */
export type ZammadVersion = '6.3' | '6.4' | '6.5' | '7.x';

/** Group access levels as stored in `group_ids` maps. */
export type GroupAccess = 'full' | 'read' | 'create' | 'change' | 'overview';

export type UserRecord = {
  id: number;
  organization_id: number | null;
  login: string;
  firstname: string;
  lastname: string;
  email: string;
  image: string | null;
  image_source: string | null;
  web: string;
  phone: string;
  fax: string;
  mobile: string;
  department: string | null;
  street: string;
  zip: string;
  city: string;
  country: string;
  address: string | null;
  vip: boolean;
  verified: boolean;
  active: boolean;
  note: string;
  last_login: string | null;
  source: string | null;
  login_failed: number;
  out_of_office: boolean;
  out_of_office_start_at: string | null;
  out_of_office_end_at: string | null;
  out_of_office_replacement_id: number | null;
  preferences: JsonObject;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

/** Associations and secrets kept beside the user columns. */
export type UserExtra = {
  password: string;
  role_ids: number[];
  organization_ids: number[];
  group_ids: Record<string, GroupAccess[]>;
  two_factor: boolean;
};

export type OrganizationRecord = {
  id: number;
  name: string;
  shared: boolean;
  domain: string;
  domain_assignment: boolean;
  active: boolean;
  vip: boolean;
  note: string;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

export type GroupRecord = {
  id: number;
  signature_id: number | null;
  email_address_id: number | null;
  name: string;
  name_last: string;
  parent_id: number | null;
  assignment_timeout: number | null;
  follow_up_possible: string;
  reopen_time_in_days: number | null;
  follow_up_assignment: boolean;
  active: boolean;
  shared_drafts: boolean;
  note: string | null;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

export type RoleRecord = {
  id: number;
  name: string;
  preferences: JsonObject;
  default_at_signup: boolean;
  active: boolean;
  note: string;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

export type StateRecord = {
  id: number;
  state_type_id: number;
  name: string;
  next_state_id: number | null;
  ignore_escalation: boolean;
  default_create: boolean;
  default_follow_up: boolean;
  note: string | null;
  active: boolean;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

export type PriorityRecord = {
  id: number;
  name: string;
  default_create: boolean;
  ui_icon: string | null;
  ui_color: string | null;
  note: string | null;
  active: boolean;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

export type NamedLookup = { id: number; name: string };

export type TokenRecord = {
  token: string;
  user_id: number;
  kind: 'api' | 'oauth';
  /** Personal-token permission list; `null` for OAuth tokens (full scope). */
  permissions: string[] | null;
  expires_at: string | null;
};

export type * from './types-tickets.js';
export type * from './types-content.js';
export type * from './types-collab.js';
