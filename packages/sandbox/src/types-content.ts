/** Content records: text modules, macros, shared drafts, object attributes, knowledge base. */
import type { AttachmentRecord, JsonObject } from './types.js';

export type TextModuleRecord = {
  id: number;
  name: string;
  keywords: string;
  content: string;
  note: string;
  active: boolean;
  foreign_id: number | null;
  group_ids: number[];
  user_id: number | null;
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

export type MacroRecord = {
  id: number;
  name: string;
  perform: JsonObject;
  active: boolean;
  ux_flow_next_up: string;
  note: string;
  group_ids: number[];
  updated_by_id: number;
  created_by_id: number;
  created_at: string;
  updated_at: string;
};

/** A file in Zammad's Store outside an article: a form's upload cache, a shared draft's files. */
export type StoredFileRecord = AttachmentRecord & { created_by_id: number };

export type SharedDraftRecord = {
  id: number;
  ticket_id: number;
  new_article: JsonObject;
  ticket_attributes: JsonObject;
  /** Its files (attach_upload_cache): not part of its assets. */
  attachments?: StoredFileRecord[];
  created_by_id: number;
  updated_by_id: number;
  created_at: string;
  updated_at: string;
};

export type ObjectAttributeRecord = {
  id: number;
  name: string;
  display: string;
  data_type: string;
  data_option: JsonObject;
  data_option_new: JsonObject;
  editable: boolean;
  active: boolean;
  screens: JsonObject;
  to_create: boolean;
  to_migrate: boolean;
  to_delete: boolean;
  to_config: boolean;
  position: number;
  created_by_id: number;
  updated_by_id: number;
  created_at: string;
  updated_at: string;
  object: string;
};

export type KbCategoryRecord = {
  id: number;
  knowledge_base_id: number;
  parent_id: number | null;
  category_icon: string;
  position: number;
  /** The title in the primary locale (KB locale 1). */
  title: string;
  /** Titles in further KB locales, by KB locale id. */
  titles?: Record<number, string>;
  created_at: string;
  updated_at: string;
};

/** A language of the system (Locale): what KB locales point at. */
export type SystemLocaleRecord = { id: number; locale: string; name: string; active: boolean };

/** A language of the knowledge base (KnowledgeBase::Locale). */
export type KbLocaleRecord = {
  id: number;
  knowledge_base_id: number;
  system_locale_id: number;
  primary: boolean;
};

/** One KB answer with its single (en-us) translation and content; all three share the id. */
export type KbAnswerRecord = {
  id: number;
  category_id: number;
  promoted: boolean;
  internal_note: string | null;
  position: number;
  archived_at: string | null;
  internal_at: string | null;
  published_at: string | null;
  /** The KB locale of its one translation (default 1, the primary). */
  kb_locale_id?: number;
  title: string;
  body: string;
  tags: string[];
  created_by_id: number;
  updated_by_id: number;
  created_at: string;
  updated_at: string;
};
