/**
 * Zod schemas for the Zammad responses we use. Unknown fields are tolerated; tickets keep
 * theirs (custom object attributes live there), other records keep only what we use.
 */
import { z } from 'zod';

import { AssetsSchema, decimal, id, optId, str } from './schema-fields.js';

export { AssetsSchema, type Assets } from './schema-fields.js';

export const TicketSchema = z.looseObject({
  id,
  number: z.union([z.string(), z.number()]).transform(String),
  title: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  group_id: optId,
  state_id: optId,
  priority_id: optId,
  owner_id: optId,
  customer_id: optId,
  organization_id: optId,
  pending_time: str,
  escalation_at: str,
  first_response_escalation_at: str,
  update_escalation_at: str,
  close_escalation_at: str,
  first_response_at: str,
  close_at: str,
  last_contact_at: str,
  article_count: z.number().nullish(),
  time_unit: decimal,
  created_at: z.string(),
  updated_at: z.string(),
  // present with expand=true
  group: str,
  state: str,
  priority: str,
  owner: str,
  customer: str,
  organization: str,
  article_ids: z.array(id).nullish(),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const AttachmentSchema = z.object({
  id,
  filename: z.string(),
  size: decimal.transform((v) => (v === null || v === undefined ? 0 : Number(v))),
  preferences: z.record(z.string(), z.unknown()).nullish(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const ArticleSchema = z.object({
  id,
  ticket_id: id,
  type_id: optId,
  sender_id: optId,
  from: str,
  to: str,
  cc: str,
  subject: str,
  content_type: str,
  body: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  internal: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  created_by_id: optId,
  origin_by_id: optId,
  reply_to: str,
  created_at: z.string(),
  updated_at: str,
  attachments: z
    .array(AttachmentSchema)
    .nullish()
    .transform((v) => v ?? []),
  type: str,
  sender: str,
  created_by: str,
  time_unit: decimal,
});
export type Article = z.infer<typeof ArticleSchema>;

export const UserSchema = z.object({
  id,
  login: str,
  firstname: str,
  lastname: str,
  email: str,
  phone: str,
  mobile: str,
  web: str,
  department: str,
  note: str,
  vip: z.boolean().nullish(),
  active: z.boolean().nullish(),
  verified: z.boolean().nullish(),
  organization_id: optId,
  organization: str,
  organization_ids: z.array(id).nullish(),
  role_ids: z.array(id).nullish(),
  roles: z.array(z.string()).nullish(),
  group_ids: z.record(z.string(), z.array(z.string())).nullish(),
  out_of_office: z.boolean().nullish(),
  out_of_office_start_at: str,
  out_of_office_end_at: str,
  last_login: str,
  created_at: str,
  updated_at: str,
  permissions: z.array(z.string()).nullish(),
});
export type User = z.infer<typeof UserSchema>;

export const OrganizationSchema = z.object({
  id,
  name: z.string(),
  shared: z.boolean().nullish(),
  domain: str,
  domain_assignment: z.boolean().nullish(),
  active: z.boolean().nullish(),
  vip: z.boolean().nullish(),
  note: str,
  member_ids: z.array(id).nullish(),
  created_at: str,
  updated_at: str,
});
export type Organization = z.infer<typeof OrganizationSchema>;

export const GroupSchema = z.object({
  id,
  name: z.string(),
  name_last: str,
  parent_id: optId,
  active: z.boolean().nullish(),
  note: str,
  follow_up_possible: str,
  shared_drafts: z.boolean().nullish(),
});
export type Group = z.infer<typeof GroupSchema>;

export const StateSchema = z.object({
  id,
  name: z.string(),
  state_type_id: optId,
  next_state_id: optId,
  active: z.boolean().nullish(),
  default_create: z.boolean().nullish(),
  default_follow_up: z.boolean().nullish(),
  ignore_escalation: z.boolean().nullish(),
});
export type State = z.infer<typeof StateSchema>;

export const PrioritySchema = z.object({
  id,
  name: z.string(),
  active: z.boolean().nullish(),
  default_create: z.boolean().nullish(),
});
export type Priority = z.infer<typeof PrioritySchema>;

export const HistoryItemSchema = z.object({
  id: optId,
  o_id: optId,
  object: str,
  type: str,
  attribute: str,
  value_from: z.union([z.string(), z.number()]).nullish(),
  value_to: z.union([z.string(), z.number()]).nullish(),
  related_o_id: optId,
  related_object: str,
  created_by_id: optId,
  created_at: z.string(),
});
export type HistoryItem = z.infer<typeof HistoryItemSchema>;

export const LinkSchema = z.object({
  link_type: z.string(),
  link_object: z.string(),
  link_object_value: id,
});
export type Link = z.infer<typeof LinkSchema>;

// --- write endpoints and the reads they need

/** `GET /macros`: what a macro does lives in `perform` (`"ticket.state_id": {"value": "4"}`, …). */
export const MacroSchema = z.object({
  id,
  name: z.string(),
  perform: z.record(z.string(), z.unknown()).nullish(),
  active: z.boolean().nullish(),
  note: str,
  group_ids: z.array(id).nullish(),
});
export type Macro = z.infer<typeof MacroSchema>;

/** `GET /object_manager_attributes` (needs admin.object). */
export const ObjectAttributeSchema = z.object({
  id,
  name: z.string(),
  object: str,
  display: str,
  data_type: str,
  data_option: z.record(z.string(), z.unknown()).nullish(),
  editable: z.boolean().nullish(),
  active: z.boolean().nullish(),
  /** Per screen and permission: `{edit: {"ticket.agent": {shown, required}}}`. */
  screens: z.record(z.string(), z.unknown()).nullish(),
  position: z.number().nullish(),
});
export type ObjectAttribute = z.infer<typeof ObjectAttributeSchema>;

/** `GET /time_accounting/types`. */
export const TimeAccountingTypeSchema = z.object({ id, name: z.string(), active: z.boolean().nullish() });
export type TimeAccountingType = z.infer<typeof TimeAccountingTypeSchema>;

/** A time accounting record (`POST /tickets/{id}/time_accountings`). */
export const TimeAccountingSchema = z.object({
  id,
  ticket_id: id,
  ticket_article_id: optId,
  time_unit: decimal,
  type_id: optId,
  created_at: str,
});
export type TimeAccounting = z.infer<typeof TimeAccountingSchema>;

/** `GET /tickets/{id}/time_accountings?expand=true`: the entry with the creator's login and the type's name. */
export const TimeAccountingExpandedSchema = TimeAccountingSchema.extend({
  created_by_id: optId,
  created_by: str,
  type: str,
});
export type TimeAccountingExpanded = z.infer<typeof TimeAccountingExpandedSchema>;

/** `GET /tag_search` → `[{id, value}]`. */
export const TagHitSchema = z.object({ id, value: z.string() });
export type TagHit = z.infer<typeof TagHitSchema>;

/** `GET /tag_list` (admin.tag) → `[{id, name, count}]`. */
export const TagItemSchema = z.object({ id, name: z.string(), count: z.number().int().nullish() });
export type TagItem = z.infer<typeof TagItemSchema>;

/** `GET|PUT /tickets/{id}/shared_draft`: `{shared_draft_id, assets}` (id null when there is none). */
export const SharedDraftSchema = z.object({
  shared_draft_id: optId,
  assets: AssetsSchema.nullish(),
});
export type SharedDraft = z.infer<typeof SharedDraftSchema>;

/** The draft record inside the assets (`TicketSharedDraftZoom`). */
export const SharedDraftAssetSchema = z.object({
  id,
  ticket_id: optId,
  new_article: z.record(z.string(), z.unknown()).nullish(),
  created_by_id: optId,
  updated_by_id: optId,
  updated_at: str,
});

/** `PUT /ticket_merge/{source_id}/{target_number}`: a failed merge is a 200 with `result: "failed"`. */
export const MergeResultSchema = z.object({
  result: z.string(),
  message: str,
  target_ticket: TicketSchema.nullish(),
  source_ticket: TicketSchema.nullish(),
});
export type MergeResult = z.infer<typeof MergeResultSchema>;

/** `POST /tickets/mass_macro` → `{ticket_ids, assets}`. */
export const MassResultSchema = z.object({
  ticket_ids: z.array(id).default([]),
  assets: AssetsSchema.default({}),
});
export type MassResult = z.infer<typeof MassResultSchema>;
