/** Ticket-side records: tickets, articles, attachments, links, history, time accounting, mentions. */
import type { JsonObject } from './types.js';

export type TicketRecord = {
  id: number;
  group_id: number;
  priority_id: number;
  state_id: number;
  organization_id: number | null;
  number: string;
  title: string;
  owner_id: number;
  customer_id: number;
  note: string | null;
  first_response_at: string | null;
  first_response_escalation_at: string | null;
  first_response_in_min: number | null;
  first_response_diff_in_min: number | null;
  close_at: string | null;
  close_escalation_at: string | null;
  close_in_min: number | null;
  close_diff_in_min: number | null;
  update_escalation_at: string | null;
  update_in_min: number | null;
  update_diff_in_min: number | null;
  last_close_at: string | null;
  last_contact_at: string | null;
  last_contact_agent_at: string | null;
  last_contact_customer_at: string | null;
  last_owner_update_at: string | null;
  create_article_type_id: number | null;
  create_article_sender_id: number | null;
  article_count: number;
  escalation_at: string | null;
  pending_time: string | null;
  type: string | null;
  time_unit: string | null;
  preferences: JsonObject;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
  checklist_id: number | null;
  /** Custom object-manager attributes; rendered as top-level keys after the columns. */
  custom: JsonObject;
};

export type AttachmentRecord = {
  id: number;
  store_file_id: number;
  filename: string;
  /** Decimal column: a string, as Zammad serializes it. */
  size: string;
  preferences: JsonObject;
  data: Buffer;
};

export type ArticleRecord = {
  id: number;
  ticket_id: number;
  type_id: number;
  sender_id: number;
  from: string | null;
  to: string | null;
  cc: string | null;
  subject: string | null;
  reply_to: string | null;
  message_id: string | null;
  message_id_md5: string | null;
  in_reply_to: string | null;
  content_type: string;
  references: string | null;
  body: string;
  internal: boolean;
  preferences: JsonObject;
  updated_by_id: number;
  created_by_id: number;
  origin_by_id: number | null;
  created_at: string;
  updated_at: string;
  attachments: AttachmentRecord[];
};

export type LinkType = 'normal' | 'parent' | 'child';

export type LinkRecord = {
  id: number;
  link_type: LinkType;
  source_id: number;
  target_id: number;
  created_at: string;
  updated_at: string;
};

export type HistoryRecord = {
  id: number;
  o_id: number;
  object: string;
  type: string;
  attribute: string | null;
  value_from: string | null;
  value_to: string | null;
  id_from: number | null;
  id_to: number | null;
  related_o_id: number | null;
  related_object: string | null;
  created_by_id: number;
  created_at: string;
};

export type TimeAccountingRecord = {
  id: number;
  ticket_id: number;
  ticket_article_id: number | null;
  time_unit: string;
  type_id: number | null;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

export type TimeAccountingTypeRecord = {
  id: number;
  name: string;
  note: string;
  active: boolean;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

export type MentionRecord = {
  id: number;
  mentionable_type: string;
  mentionable_id: number;
  user_id: number;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};
