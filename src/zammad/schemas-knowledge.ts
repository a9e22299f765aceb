/** Zod schemas of text modules and the knowledge base (search, answers and their assets). */
import { z } from 'zod';
import { AssetsSchema, decimal, id, optId, str } from './schema-fields.js';

export const TextModuleSchema = z.object({
  id,
  name: z.string(),
  keywords: str,
  content: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  active: z.boolean().nullish(),
  group_ids: z.array(id).nullish(),
});
export type TextModule = z.infer<typeof TextModuleSchema>;

export const KbSearchSchema = z.object({
  result: z.array(z.object({ id, type: z.string() })).default([]),
  details: z
    .array(
      z.object({
        id,
        type: str,
        title: str,
        subtitle: str,
        body: str,
        url: str,
        date: str,
        tags: z.array(z.string()).nullish(),
      }),
    )
    .default([]),
});
export type KbSearch = z.infer<typeof KbSearchSchema>;

/** `GET /knowledge_bases/{kb}/answers/{id}`: `{id, assets}` with KnowledgeBaseAnswer, …Translation, …Translation::Content (when asked), KnowledgeBaseCategory… */
export const KbAnswerShowSchema = z.object({ id, assets: AssetsSchema.default({}) });
export type KbAnswerShow = z.infer<typeof KbAnswerShowSchema>;

/** The asset records of a KB answer we read (unknown fields dropped). */
export const KbAnswerAssetSchema = z.object({
  id,
  category_id: optId,
  translation_ids: z.array(id).nullish(),
  published_at: str,
  internal_at: str,
  archived_at: str,
  updated_at: str,
  tags: z.array(z.string()).nullish(),
  attachments: z.array(z.object({ id, filename: z.string(), size: decimal })).nullish(),
});
export const KbAnswerTranslationAssetSchema = z.object({
  id,
  title: str,
  answer_id: optId,
  content_id: optId,
  kb_locale_id: optId,
  updated_at: str,
});
export const KbContentAssetSchema = z.object({
  id,
  body: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
});
export const KbCategoryTranslationAssetSchema = z.object({
  id,
  title: str,
  category_id: optId,
  kb_locale_id: optId,
});
