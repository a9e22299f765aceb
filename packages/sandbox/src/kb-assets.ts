/**
 * Knowledge base records as Zammad renders them in `assets` (KnowledgeBase, KnowledgeBaseLocale,
 * KnowledgeBaseTranslation, KnowledgeBaseCategory(+Translation), KnowledgeBaseAnswer(+Translation,
 * +TranslationContent)), shared by answer show, init and answer create.
 */
import type { SandboxStore } from './store.js';
import type { JsonObject, KbAnswerRecord, KbCategoryRecord } from './types.js';

export type KbAssets = Record<string, Record<string, JsonObject>>;

/** Category translation ids: the category id in the primary locale, 1000 × (locale − 1) + id in the others. */
const catTranslationId = (catId: number, localeId: number) => 1000 * (localeId - 1) + catId;

function put(assets: KbAssets, model: string, id: number, value: JsonObject): void {
  (assets[model] ??= {})[String(id)] = value;
}

/** The knowledge base, its locales and translations (what every KB asset set starts with). */
export function kbBase(store: SandboxStore, assets: KbAssets = {}): KbAssets {
  const first = [...store.kbCategories.values()][0];
  const at = first?.created_at ?? '2024-01-01T00:00:00.000Z';
  const locales = [...store.kbLocales.values()];
  put(assets, 'KnowledgeBase', 1, {
    id: 1,
    iconset: 'FontAwesome',
    color_highlight: '#38ae6a',
    color_header: '#f9fafb',
    color_header_link: 'hsl(206,8%,50%)',
    homepage_layout: 'grid',
    category_layout: 'grid',
    active: true,
    custom_address: null,
    show_feed_icon: false,
    created_at: at,
    updated_at: at,
    translation_ids: locales.map((l) => l.id),
    kb_locale_ids: locales.map((l) => l.id),
    category_ids: [...store.kbCategories.keys()],
    answer_ids: [...store.kbAnswers.keys()],
    permission_ids: [],
    permissions_effective: [],
  });
  for (const l of locales) {
    put(assets, 'KnowledgeBaseLocale', l.id, {
      ...l,
      created_at: at,
      updated_at: at,
      knowledge_base_translation_ids: [l.id],
      category_translation_ids: [],
      answer_translation_ids: [],
      menu_item_ids: [],
    });
    put(assets, 'KnowledgeBaseTranslation', l.id, {
      id: l.id,
      title: 'Helpdesk Cloud Knowledge Base',
      footer_note: '© Helpdesk Cloud',
      kb_locale_id: l.id,
      knowledge_base_id: 1,
      created_at: at,
      updated_at: at,
    });
  }
  return assets;
}

/** Its titles by KB locale id. */
export function categoryTitles(cat: KbCategoryRecord): Array<[localeId: number, title: string]> {
  return [
    [1, cat.title],
    ...Object.entries(cat.titles ?? {}).map(([l, t]): [number, string] => [Number(l), t]),
  ];
}

export function kbCategory(store: SandboxStore, cat: KbCategoryRecord, assets: KbAssets): KbAssets {
  const titles = categoryTitles(cat);
  put(assets, 'KnowledgeBaseCategory', cat.id, {
    id: cat.id,
    knowledge_base_id: cat.knowledge_base_id,
    parent_id: cat.parent_id,
    category_icon: cat.category_icon,
    position: cat.position,
    created_at: cat.created_at,
    updated_at: cat.updated_at,
    translation_ids: titles.map(([l]) => catTranslationId(cat.id, l)),
    answer_ids: [...store.kbAnswers.values()].filter((x) => x.category_id === cat.id).map((x) => x.id),
    child_ids: [...store.kbCategories.values()].filter((x) => x.parent_id === cat.id).map((x) => x.id),
    permission_ids: [],
    permissions_effective: [],
  });
  for (const [l, title] of titles)
    put(assets, 'KnowledgeBaseCategoryTranslation', catTranslationId(cat.id, l), {
      id: catTranslationId(cat.id, l),
      title,
      kb_locale_id: l,
      category_id: cat.id,
      created_at: cat.created_at,
      updated_at: cat.updated_at,
    });
  return assets;
}

/** An answer and its translation; `content` adds the translation's body. */
export function kbAnswer(a: KbAnswerRecord, assets: KbAssets, content = false): KbAssets {
  const byState = (s: string | null) => (s === null ? null : a.created_by_id);
  put(assets, 'KnowledgeBaseAnswer', a.id, {
    id: a.id,
    category_id: a.category_id,
    promoted: a.promoted,
    internal_note: a.internal_note,
    position: a.position,
    archived_at: a.archived_at,
    archived_by_id: byState(a.archived_at),
    internal_at: a.internal_at,
    internal_by_id: byState(a.internal_at),
    published_at: a.published_at,
    published_by_id: byState(a.published_at),
    created_at: a.created_at,
    updated_at: a.updated_at,
    translation_ids: [a.id],
    attachments: [],
    tags: a.tags,
  });
  put(assets, 'KnowledgeBaseAnswerTranslation', a.id, {
    id: a.id,
    title: a.title,
    kb_locale_id: a.kb_locale_id ?? 1,
    answer_id: a.id,
    content_id: a.id,
    created_by_id: a.created_by_id,
    updated_by_id: a.updated_by_id,
    created_at: a.created_at,
    updated_at: a.updated_at,
  });
  if (content)
    put(assets, 'KnowledgeBaseAnswerTranslationContent', a.id, { id: a.id, body: a.body, attachments: [] });
  return assets;
}
