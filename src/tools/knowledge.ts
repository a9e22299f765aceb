/**
 * Knowledge: search_knowledge_base, get_knowledge_base_answer, search_text_modules.
 */
import { z } from 'zod';
import { htmlToText } from '../content/index.js';
import { NotFoundError, UserInputError } from '../errors.js';
import { type Assets } from '../zammad/schemas.js';
import {
  KbAnswerAssetSchema,
  KbAnswerTranslationAssetSchema,
  KbCategoryTranslationAssetSchema,
  KbContentAssetSchema,
} from '../zammad/schemas-knowledge.js';
import { budgetCharsOf } from './budget.js';
import { defineTool } from './define.js';
import { query, recordId } from './params.js';
import { compact, cut, fmtDate, kv, tidy } from './render/format.js';

/** Zammad's answer show ignores the knowledge base id in its path (it finds the answer by id alone); most installations have one KB, id 1. */
const KB_ID = 1;

function asText(s: string | null | undefined): string {
  if (!s) return '';
  return tidy(/<[a-z/][^>]*>/i.test(s) || /&[a-z#0-9]+;/i.test(s) ? htmlToText(s) : s);
}

function oneLine(s: string, max: number): string {
  const c = cut(s.replace(/\s*\n\s*/g, ' '), max);
  return c.cut ? `${c.text}…` : c.text;
}

/** The answer id (and KB id) from a search result's URL: agent `/knowledge_bases/1/answers/12?…`, public `/help/en-us/3-cat/12-title`. */
export function answerRefFromUrl(
  url: string | null | undefined,
): { kb?: number; answer: number } | undefined {
  if (!url) return undefined;
  const agent = /\/knowledge_bases\/(\d+)\/answers\/(\d+)/.exec(url);
  if (agent) return { kb: Number(agent[1]), answer: Number(agent[2]) };
  const path = url.split(/[?#]/)[0] ?? '';
  const pub = /\/help\/[^/]+\/[^/]+\/(\d+)(?:-[^/]*)?\/?$/.exec(path);
  return pub ? { answer: Number(pub[1]) } : undefined;
}

const KbHit = z.object({
  answer_id: z.number().optional(),
  translation_id: z.number(),
  title: z.string(),
  category: z.string().optional(),
  excerpt: z.string().optional(),
  updated_at: z.string().optional(),
});

export const searchKnowledgeBase = defineTool({
  name: 'search_knowledge_base',
  title: 'Search the knowledge base',
  description:
    'Find knowledge-base answers (internal ones included) by words; read one with get_knowledge_base_answer.',
  category: 'knowledge',
  toolset: 'knowledge',
  risk: 'read',
  input: z.object({
    query: query(200),
    limit: z.number().int().min(1).max(50).default(10),
  }),
  output: z.object({ answers: z.array(KbHit) }),
  // 1 request: POST /knowledge_bases/search.
  async handler(a, ctx) {
    const r = await ctx.zammad.kbSearchAnswers(a.query, a.limit, ctx.signal);
    const answers = r.details
      .filter((d) => !d.type || d.type === 'KnowledgeBase::Answer::Translation')
      .slice(0, a.limit)
      .map((d) =>
        compact({
          answer_id: answerRefFromUrl(d.url)?.answer,
          translation_id: d.id,
          title: oneLine(asText(d.title), 200) || '(untitled)',
          category: asText(d.subtitle) || undefined,
          excerpt: oneLine(asText(d.body), 240) || undefined,
          updated_at: d.date ?? undefined,
        }),
      );
    const lines = answers.map(
      (x) =>
        `${x.answer_id !== undefined ? `answer ${x.answer_id}` : `translation ${x.translation_id}`} · ${x.title}${x.category ? ` · in ${x.category}` : ''}${x.updated_at ? ` · upd ${fmtDate(x.updated_at)}` : ''}` +
        (x.excerpt ? `\n  ${x.excerpt}` : ''),
    );
    const head = answers.length
      ? `Knowledge base answers (${answers.length}):`
      : 'No knowledge base answers found.';
    return { text: [head, ...lines].join('\n'), structured: { answers } };
  },
});

function records<S extends z.ZodType>(assets: Assets, model: string, schema: S): Array<z.infer<S>> {
  const out: Array<z.infer<S>> = [];
  for (const v of Object.values(assets[model] ?? {})) {
    const r = schema.safeParse(v);
    if (r.success) out.push(r.data);
  }
  return out;
}

function status(a: z.infer<typeof KbAnswerAssetSchema>): string {
  if (a.archived_at) return 'archived';
  if (a.published_at) return 'published';
  if (a.internal_at) return 'internal';
  return 'draft';
}

const answerNotFound = (id: number): NotFoundError =>
  new NotFoundError(`Knowledge base answer ${id} not found. search_knowledge_base lists answer ids.`);

export const getKnowledgeBaseAnswer = defineTool({
  name: 'get_knowledge_base_answer',
  title: 'Read a knowledge base answer',
  description: 'One knowledge-base answer as text, with its status; continue a cut body with `offset`.',
  category: 'knowledge',
  toolset: 'knowledge',
  risk: 'read',
  input: z.object({
    answer_id: recordId('Knowledge base answer'),
    offset: z
      .number()
      .int()
      .min(0)
      .max(10_000_000)
      .default(0)
      .describe('Character offset in the body, to continue a cut body'),
  }),
  output: z.object({
    id: z.number(),
    title: z.string(),
    category: z.string().optional(),
    status: z.string(),
    tags: z.array(z.string()).optional(),
    updated_at: z.string().optional(),
    body: z.string(),
    body_length: z.number(),
    body_offset: z.number().optional(),
    body_truncated: z.boolean().optional(),
  }),
  // 2 requests: the answer (its translations name the content ids), then the same with include_contents=…;
  // 1 where Zammad already sent the content.
  async handler(a, ctx) {
    const show = async (contentIds: number[]): Promise<Assets> =>
      (await ctx.zammad.kbAnswer(KB_ID, a.answer_id, contentIds, ctx.signal)).assets;
    let assets = await show([]);
    const answer = records(assets, 'KnowledgeBaseAnswer', KbAnswerAssetSchema).find(
      (x) => x.id === a.answer_id,
    );
    const order = answer?.translation_ids ?? [];
    const translations = records(assets, 'KnowledgeBaseAnswerTranslation', KbAnswerTranslationAssetSchema)
      .filter((t) => t.answer_id === a.answer_id)
      .sort(
        (x, y) =>
          (order.indexOf(x.id) + 1 || Infinity) - (order.indexOf(y.id) + 1 || Infinity) || x.id - y.id,
      );
    const tr = translations[0];
    if (!answer || !tr) throw answerNotFound(a.answer_id);
    const findContent = (): z.infer<typeof KbContentAssetSchema> | undefined =>
      tr.content_id === null || tr.content_id === undefined
        ? undefined
        : records(assets, 'KnowledgeBaseAnswerTranslationContent', KbContentAssetSchema).find(
            (c) => c.id === tr.content_id,
          );
    let content = findContent();
    if (!content && tr.content_id !== null && tr.content_id !== undefined) {
      assets = await show([tr.content_id]);
      content = findContent();
    }
    const full = asText(content?.body);
    if (a.offset > 0 && a.offset >= full.length) {
      throw new UserInputError(
        `offset ${a.offset} is past the end of answer ${a.answer_id}, whose body has ${full.length} characters.`,
      );
    }
    const c = cut(full.slice(a.offset), Math.max(1000, budgetCharsOf(ctx) - 800));
    const categories = records(
      assets,
      'KnowledgeBaseCategoryTranslation',
      KbCategoryTranslationAssetSchema,
    ).filter((x) => x.category_id === answer.category_id);
    const category =
      (categories.find((x) => x.kb_locale_id === tr.kb_locale_id) ?? categories[0])?.title ?? undefined;
    const out = compact({
      id: a.answer_id,
      title: asText(tr.title) || '(untitled)',
      category: category ? asText(category) : undefined,
      status: status(answer),
      tags: answer.tags ?? undefined,
      updated_at: tr.updated_at ?? answer.updated_at ?? undefined,
      body: c.text,
      body_length: full.length,
      body_offset: a.offset || undefined,
      body_truncated: c.cut || undefined,
    });
    const next = a.offset + c.text.length;
    const lines = [
      `Knowledge base answer ${out.id}: ${out.title}`,
      kv([
        ['category', out.category],
        ['status', out.status],
        ['tags', out.tags?.join(', ')],
        ['updated', fmtDate(out.updated_at)],
      ]),
      c.text || '(no body)',
      c.cut
        ? `(cut at ${next} of ${full.length} chars; get_knowledge_base_answer answer_id=${out.id} offset=${next} for the rest)`
        : '',
    ];
    return { text: lines.filter((l) => l.length > 0).join('\n'), structured: out };
  },
  errors: { hidden: (_e, a) => answerNotFound(a.answer_id) },
});

const TextModuleOut = z.object({
  id: z.number(),
  name: z.string(),
  keywords: z.string().optional(),
  content: z.string(),
  content_truncated: z.boolean().optional(),
  active: z.boolean().optional(),
});

export const searchTextModules = defineTool({
  name: 'search_text_modules',
  title: 'Search text modules',
  description: 'Find text modules (canned replies) by name, keywords or content, with their text.',
  category: 'knowledge',
  toolset: 'knowledge',
  risk: 'read',
  input: z.object({
    query: query(200),
    limit: z.number().int().min(1).max(50).default(10),
  }),
  output: z.object({ text_modules: z.array(TextModuleOut) }),
  // 1 request: GET /text_modules/search.
  async handler(a, ctx) {
    const found = await ctx.zammad.textModules(a.query, a.limit, ctx.signal);
    // Under a group scope, modules limited to other groups are left out (modules without groups are for everyone).
    const visible = await ctx.scope.visible(found.slice(0, a.limit), (m) => m.group_ids ?? []);
    const per = Math.max(300, Math.floor((budgetCharsOf(ctx) * 0.85) / Math.max(1, visible.length)) - 100);
    const modules = visible.map((m) => {
      const c = cut(asText(m.content), per);
      return compact({
        id: m.id,
        name: m.name,
        keywords: m.keywords ?? undefined,
        content: c.text,
        content_truncated: c.cut || undefined,
        active: m.active === false ? false : undefined,
      });
    });
    const lines = modules.map(
      (m) =>
        `id ${m.id} · ${m.name}${m.keywords ? ` · keywords: ${m.keywords}` : ''}${m.active === false ? ' · inactive' : ''}\n` +
        `  ${m.content.replace(/\n/g, '\n  ')}${m.content_truncated ? '…' : ''}`,
    );
    const head = modules.length ? `Text modules (${modules.length}):` : 'No text modules found.';
    return { text: [head, ...lines].join('\n'), structured: { text_modules: modules } };
  },
});

export const knowledgeTools = [searchKnowledgeBase, getKnowledgeBaseAnswer, searchTextModules];
