/**
 * Knowledge base: POST /knowledge_bases/search ({result, details}) and
 * GET /knowledge_bases/:kb/answers/:id?include_contents= ({id, assets}), after
 * knowledge_base/search_controller.rb and knowledge_base/answers_controller.rb.
 */
import { can, type Principal } from '../auth.js';
import { notAuthorized } from '../errors.js';
import { find, idParam, json, str, toI, type Ctx, type Reply } from '../http.js';
import { htmlToText } from '../search-docs.js';
import { esMatcher, isMatchAll, sqlMatcher, type Doc } from '../search.js';
import type { Route } from '../server.js';
import type { SandboxStore } from '../store.js';
import { kbAnswer, kbBase, kbCategory } from '../kb-assets.js';
import type { KbAnswerRecord } from '../types.js';

type Visibility = 'published' | 'internal' | 'archived' | 'draft';

export function stateOf(a: KbAnswerRecord): Visibility {
  if (a.archived_at !== null) return 'archived';
  if (a.published_at !== null) return 'published';
  if (a.internal_at !== null) return 'internal';
  return 'draft';
}

/** Editors see everything, readers (agents) published and internal answers, everyone else published ones. */
export function visible(store: SandboxStore, p: Principal | null, a: KbAnswerRecord): boolean {
  const state = stateOf(a);
  if (p && can(store, p, 'knowledge_base.editor')) return true;
  if (p && can(store, p, 'knowledge_base.reader')) return state === 'published' || state === 'internal';
  return state === 'published';
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function truncate(s: string, n: number): string {
  const clean = s.replace(/\s+/g, ' ').trim();
  return clean.length > n ? `${clean.slice(0, n - 3)}...` : clean;
}

function search(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = ctx.principal;
  const query = str(ctx.input['query']) ?? '';
  const limit = toI(ctx.input['limit'] ?? 10) || 10;
  const kbId = ctx.input['knowledge_base_id'];
  if (kbId !== undefined && toI(kbId) !== 1) return json({ result: [], details: [] });
  let answers = [...store.kbAnswers.values()].filter((a) => visible(store, p, a));
  if (!isMatchAll(query)) {
    if (store.settings.elasticsearch) {
      const m = esMatcher(query, { dates: new Set(), numbers: new Set() }, store.clock.peekMs());
      answers = answers.filter((a) =>
        m(
          new Map([
            ['title', [a.title]],
            ['content.body', [htmlToText(a.body)]],
            ['tags', a.tags],
          ]) as Doc,
        ),
      );
    } else {
      const m = sqlMatcher(query);
      answers = answers.filter((a) => m([a.title, a.body]));
    }
  }
  answers = answers.slice(0, limit);
  const agentUrl = str(ctx.input['url_type']) === 'agent';
  const details = answers.map((a) => {
    const cat = store.kbCategories.get(a.category_id);
    const url = agentUrl
      ? `/api/v1/knowledge_bases/1/answers/${a.id}?include_contents=${a.id}`
      : `/help/en-us/${a.category_id}-${slug(cat?.title ?? '')}/${a.id}-${slug(a.title)}`;
    return {
      id: a.id,
      type: 'KnowledgeBase::Answer::Translation',
      icon: 'knowledge-base-answer',
      date: a.updated_at,
      url,
      title: a.title,
      subtitle: cat?.title ?? '',
      body: truncate(htmlToText(a.body), 100),
      tags: a.tags,
    };
  });
  return json({
    result: answers.map((a) => ({ id: a.id, type: 'KnowledgeBase::Answer::Translation' })),
    details,
  });
}

function show(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = ctx.principal;
  const kb = idParam(ctx, 'kb', 'KnowledgeBase');
  if (kb !== 1) find(new Map(), kb, 'KnowledgeBase');
  const a = find(store.kbAnswers, idParam(ctx, 'id', 'KnowledgeBase::Answer'), 'KnowledgeBase::Answer');
  if (!visible(store, p, a)) throw notAuthorized();
  const cat = store.kbCategories.get(a.category_id);
  const assets = kbAnswer(a, cat ? kbCategory(store, cat, kbBase(store)) : kbBase(store));
  const include = (str(ctx.input['include_contents']) ?? '').split(',').map((x) => toI(x));
  if (include.includes(a.id)) kbAnswer(a, assets, true);
  return json({ id: a.id, assets });
}

export const knowledgeRoutes: Route[] = [
  { method: 'POST', path: '/knowledge_bases/search', handler: search, public: true },
  { method: 'GET', path: '/knowledge_bases/:kb/answers/:id', handler: show },
];
