/**
 * draft_knowledge_base_answer: a new knowledge base answer, created as a draft that an editor
 * reviews and publishes in Zammad. This server never publishes, archives or deletes knowledge base
 * content.
 */
import { z } from 'zod';
import { htmlToText, stripCodePoints } from '../content/index.js';
import { textToSafeHtml } from '../content/text-markup.js';
import { PolicyError, UserInputError } from '../errors.js';
import type { SystemLocale } from '../zammad/knowledge.js';
import type { Assets } from '../zammad/schemas.js';
import { defineTool } from './define.js';
import { subject } from './write-support.js';

const Loc = z.object({
  id: z.number(),
  knowledge_base_id: z.number(),
  system_locale_id: z.number(),
  primary: z.boolean().optional(),
});
const Cat = z.object({ id: z.number(), knowledge_base_id: z.number(), parent_id: z.number().nullish() });
const CatTr = z.object({ title: z.string(), kb_locale_id: z.number(), category_id: z.number() });
const Answer = z.object({
  id: z.number(),
  internal_at: z.string().nullish(),
  published_at: z.string().nullish(),
  archived_at: z.string().nullish(),
});

function rows<S extends z.ZodType>(assets: Assets, model: string, schema: S): Array<z.infer<S>> {
  return Object.values(assets[model] ?? {}).flatMap((v) => {
    const r = schema.safeParse(v);
    return r.success ? [r.data] : [];
  });
}

interface Category {
  id: number;
  kb: number;
  /** "Parent › Child" in the answer's locale (or the first title it has). */
  path: string;
  titles: string[];
}

/** Every category with its full path and all its titles. */
function categoriesOf(assets: Assets, localeId: number): Category[] {
  const cats = new Map(rows(assets, 'KnowledgeBaseCategory', Cat).map((c) => [c.id, c]));
  const trs = rows(assets, 'KnowledgeBaseCategoryTranslation', CatTr);
  const title = (id: number): string =>
    (
      trs.find((t) => t.category_id === id && t.kb_locale_id === localeId) ??
      trs.find((t) => t.category_id === id)
    )?.title ?? `category ${id}`;
  const path = (id: number, depth = 0): string => {
    const parent = cats.get(id)?.parent_id;
    return parent && depth < 20 ? `${path(parent, depth + 1)} › ${title(id)}` : title(id);
  };
  return [...cats.values()].map((c) => ({
    id: c.id,
    kb: c.knowledge_base_id,
    path: path(c.id),
    titles: trs.filter((t) => t.category_id === c.id).map((t) => t.title),
  }));
}

function findCategory(list: Category[], wanted: string | number): Category {
  const valid = (): string =>
    list
      .slice(0, 40)
      .map((c) => `"${c.path}" (id ${c.id})`)
      .join(', ') + (list.length > 40 ? `, … ${list.length - 40} more` : '');
  const asId = typeof wanted === 'number' ? wanted : /^\d+$/.test(wanted.trim()) ? Number(wanted) : undefined;
  const w = String(wanted).trim().toLowerCase();
  const hits =
    asId !== undefined
      ? list.filter((c) => c.id === asId)
      : list.filter((c) => c.path.toLowerCase() === w || c.titles.some((t) => t.toLowerCase() === w));
  if (hits.length === 1 && hits[0]) return hits[0];
  if (hits.length > 1)
    throw new UserInputError(
      `Category "${wanted}" matches ${hits.length} categories: ${hits.map((c) => `"${c.path}" (id ${c.id})`).join(', ')}. Give the id.`,
    );
  throw new UserInputError(`Unknown category "${wanted}". Valid categories: ${valid() || 'none'}.`);
}

export const draftKnowledgeBaseAnswer = defineTool({
  name: 'draft_knowledge_base_answer',
  title: 'Draft a knowledge base answer',
  description:
    'Create a knowledge base answer as an unpublished draft in a category (name or id) and locale (default: the primary one). ' +
    'body is text: blank lines, "- " lists, **bold**; no links, images or HTML. Returns the link where an editor reviews and publishes it. This server never publishes, archives or deletes knowledge base content.',
  category: 'knowledge',
  toolset: 'knowledge',
  risk: 'write',
  input: z.object({
    title: subject.describe('Answer title'),
    body: z.string().max(100_000).describe('The answer as text'),
    category: z
      .union([z.number().int().min(1).max(2_147_483_647), z.string().trim().min(1).max(250)])
      .describe('Category name (or "Parent › Child") or id'),
    locale: z
      .string()
      .trim()
      .max(20)
      .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i, 'a locale code such as en-us')
      .optional()
      .describe("Locale code, e.g. de-de; default: the knowledge base's primary locale"),
  }),
  output: z.object({
    answer_id: z.number(),
    knowledge_base_id: z.number(),
    title: z.string(),
    category: z.string(),
    locale: z.string(),
    state: z.enum(['draft', 'internal', 'published', 'archived']),
    edit_url: z.string(),
  }),
  check(a) {
    if (htmlToText(textToSafeHtml(a.body)).trim() === '')
      throw new UserInputError('body is empty: give the answer text (at most 100,000 characters).');
  },
  // POST /knowledge_bases/init (answers streamed past), POST /graphql (locale codes), then
  // POST /knowledge_bases/{kb}/answers.
  async handler(a, ctx) {
    const assets = await ctx.zammad.knowledge.kbStructure(ctx.signal);
    const kbLocales = rows(assets, 'KnowledgeBaseLocale', Loc);
    if (kbLocales.length === 0)
      throw new PolicyError(
        'No knowledge base is visible to this Zammad account (none exists, or the account lacks knowledge_base.editor).',
      );
    // Locale codes come from GraphQL; where that is not reachable (a proxy serving /api only), the
    // primary locale still works and the link opens the knowledge base instead of the answer.
    let system: SystemLocale[] | undefined;
    try {
      system = await ctx.zammad.knowledge.systemLocales(ctx.signal);
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      ctx.log.debug('locale codes unavailable', { tool: 'draft_knowledge_base_answer' });
    }
    const code = (l: z.infer<typeof Loc>): string =>
      system?.find((s) => s.id === l.system_locale_id)?.locale ?? `kb locale ${l.id}`;
    if (!system && a.locale !== undefined)
      throw new UserInputError(
        `Zammad did not tell which language each knowledge base locale is (its /graphql locales query failed), so locale "${a.locale}" cannot be matched. Leave locale out to write in the primary locale.`,
      );
    // The category names its knowledge base; the locale is one of that knowledge base's.
    const firstGuess = kbLocales.find((l) => l.primary) ?? kbLocales[0];
    const cat = findCategory(categoriesOf(assets, firstGuess?.id ?? 0), a.category);
    const mine = kbLocales.filter((l) => l.knowledge_base_id === cat.kb);
    const loc =
      a.locale !== undefined
        ? mine.find((l) => code(l).toLowerCase() === a.locale?.toLowerCase())
        : (mine.find((l) => l.primary) ?? mine[0]);
    if (!loc)
      throw new UserInputError(
        `Unknown locale "${a.locale}". Valid locales of this knowledge base: ${mine.map(code).join(', ')}.`,
      );
    const category = findCategory(categoriesOf(assets, loc.id), cat.id).path;
    const html = textToSafeHtml(a.body);
    const title = stripCodePoints(a.title).replace(/\s+/g, ' ').trim() || a.title;
    const created = await ctx.zammad.knowledge.createKbAnswer(
      cat.kb,
      {
        category_id: cat.id,
        translations_attributes: [{ title, kb_locale_id: loc.id, content_attributes: { body: html } }],
      },
      ctx.signal,
    );
    const ans = rows(created.assets, 'KnowledgeBaseAnswer', Answer).find((x) => x.id === created.id);
    const state: 'draft' | 'internal' | 'published' | 'archived' = !ans
      ? 'draft'
      : ans.archived_at
        ? 'archived'
        : ans.published_at
          ? 'published'
          : ans.internal_at
            ? 'internal'
            : 'draft';
    const locale = code(loc);
    const edit_url = system
      ? `${ctx.config.zammad.baseUrl}/#knowledge_base/${cat.kb}/locale/${locale}/answer/${created.id}/edit`
      : `${ctx.config.zammad.baseUrl}/#knowledge_base/${cat.kb}`;
    const warn =
      state === 'draft'
        ? ''
        : ` Zammad reports it as ${state}, not a draft: check the answer's visibility in Zammad now.`;
    return {
      text:
        (state === 'draft'
          ? `Draft answer ${created.id} "${title}" created in "${category}" (${locale}); not published — visible to knowledge base editors only. `
          : `Answer ${created.id} "${title}" created in "${category}" (${locale}). `) +
        `An editor reviews and publishes it in Zammad: ${edit_url}${system ? '' : ` (answer ${created.id} in "${category}")`}${warn}`,
      structured: {
        answer_id: created.id,
        knowledge_base_id: cat.kb,
        title,
        category,
        locale,
        state,
        edit_url,
      },
    };
  },
  errors: {
    hidden: (e) =>
      e.status === 404
        ? new UserInputError('The category no longer exists in Zammad; nothing was created.')
        : new PolicyError(
            'Zammad refused to create the answer: the account needs the knowledge_base.editor permission for this category.',
          ),
  },
});
