/**
 * Knowledge base for agents: POST /knowledge_bases/init (knowledge_bases_controller.rb: editors get
 * everything, readers the internal and published answers, others nothing) and
 * POST /knowledge_bases/:kb/answers (knowledge_base/answers_controller.rb#create: an answer with
 * nested translations, created as a draft).
 */
import { can } from '../auth.js';
import { notAuthorized, notFound, unprocessable } from '../errors.js';
import { idParam, isObject, json, me, str, toI, type Ctx, type Reply } from '../http.js';
import { kbAnswer, kbBase, kbCategory, type KbAssets } from '../kb-assets.js';
import type { Route } from '../server.js';
import type { KbAnswerRecord } from '../types.js';
import { stateOf } from './knowledge.js';

function init(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = ctx.principal;
  const editor = p !== null && can(store, p, 'knowledge_base.editor');
  const reader = p !== null && can(store, p, 'knowledge_base.reader');
  if (!editor && !reader) return json([]);
  const assets: KbAssets = kbBase(store);
  for (const cat of store.kbCategories.values()) kbCategory(store, cat, assets);
  for (const a of store.kbAnswers.values()) {
    const state = stateOf(a);
    if (editor || state === 'internal' || state === 'published') kbAnswer(a, assets);
  }
  return json(assets);
}

type TranslationParams = { title?: unknown; kb_locale_id?: unknown; content_attributes?: unknown };

function createAnswer(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const kb = idParam(ctx, 'kb', 'KnowledgeBase');
  if (!can(store, p, 'knowledge_base.editor')) throw notAuthorized();
  // AnswersControllerPolicy#create? looks the category up first: unknown → 404.
  const catId = toI(ctx.input['category_id']);
  const cat = store.kbCategories.get(catId);
  if (!cat || cat.knowledge_base_id !== kb)
    throw notFound('KnowledgeBase::Category', String(ctx.input['category_id'] ?? ''));
  const list = Array.isArray(ctx.input['translations_attributes'])
    ? (ctx.input['translations_attributes'] as TranslationParams[])
    : [];
  const tr = list[0];
  if (!isObject(tr)) throw unprocessable('Validation failed: Translations is invalid');
  const title = str(tr.title)?.trim() ?? '';
  if (title === '') throw unprocessable("Validation failed: Translations title can't be blank");
  if (title.length > 250)
    throw unprocessable('Validation failed: Translations title is too long (maximum is 250 characters)');
  const localeId = toI(tr.kb_locale_id);
  const locale = store.kbLocales.get(localeId);
  if (!locale || locale.knowledge_base_id !== kb)
    throw unprocessable('Validation failed: Translations kb locale must exist');
  const content = isObject(tr.content_attributes) ? tr.content_attributes : {};
  const at = store.now();
  const id = store.nextId('kbAnswer');
  const a: KbAnswerRecord = {
    id,
    category_id: cat.id,
    promoted: false,
    internal_note: null,
    position: [...store.kbAnswers.values()].filter((x) => x.category_id === cat.id).length,
    archived_at: null,
    internal_at: null,
    published_at: null,
    kb_locale_id: localeId,
    title,
    body: typeof content['body'] === 'string' ? content['body'] : '',
    tags: [],
    created_by_id: p.user.id,
    updated_by_id: p.user.id,
    created_at: at,
    updated_at: at,
  };
  store.kbAnswers.set(id, a);
  cat.updated_at = at;
  return json({ id, assets: kbAnswer(a, kbCategory(store, cat, kbBase(store)), true) }, 201);
}

/** The one GraphQL query the product asks: `locales(onlyActive:)` (Gql::Queries::Locales, public). */
function graphql(ctx: Ctx): Reply {
  const query = str(ctx.input['query']) ?? '';
  if (!/\blocales\b/.test(query))
    return json({ errors: [{ message: 'The sandbox answers only the locales query.' }] });
  const vars = isObject(ctx.input['variables']) ? ctx.input['variables'] : {};
  const onlyActive = vars['onlyActive'] === true || /onlyActive:\s*true/.test(query);
  const locales = [...ctx.store.systemLocales.values()]
    .filter((l) => !onlyActive || l.active)
    .map((l) => ({ id: `gid://zammad/Locale/${l.id}`, locale: l.locale, name: l.name }));
  return json({ data: { locales } });
}

export const knowledgeWriteRoutes: Route[] = [
  { method: 'POST', path: '/knowledge_bases/init', handler: init, public: true },
  { method: 'POST', path: '/knowledge_bases/:kb/answers', handler: createAnswer },
  { method: 'POST', path: '/graphql', handler: graphql, public: true, root: true },
];
