/** Text modules and the knowledge base. */
import { z } from 'zod';
import type { Signal, ZammadCore } from './core.js';
import { ARTICLE_STREAM_FACTOR } from './options.js';
import { apiPath } from './paths.js';
import { AssetsSchema, type Assets } from './schemas.js';
import {
  KbAnswerShowSchema,
  KbSearchSchema,
  TextModuleSchema,
  type KbAnswerShow,
  type KbSearch,
  type TextModule,
} from './schemas-knowledge.js';
import { normalizeSearch } from './search.js';

/** What `POST /knowledge_bases/init` holds that is not kept: answers, their translations and bodies. */
const ANSWER_ASSETS = [
  'KnowledgeBaseAnswer',
  'KnowledgeBaseAnswerTranslation',
  'KnowledgeBaseAnswerTranslationContent',
];

/** `POST /knowledge_bases/init`: assets, or `[]` for a user without knowledge base permissions. */
const KbInitSchema = z.union([AssetsSchema, z.array(z.unknown()).transform((): Assets => ({}))]);

const LocalesSchema = z.object({
  data: z.object({
    locales: z.array(z.object({ id: z.string(), locale: z.string(), name: z.string() })),
  }),
});

export interface SystemLocale {
  id: number;
  locale: string;
  name: string;
}

export class KnowledgeApi {
  constructor(private readonly c: ZammadCore) {}

  async textModules(query: string, limit: number, signal?: Signal): Promise<TextModule[]> {
    const res = await this.c.request('GET', '/text_modules/search', {
      query: { query, per_page: limit },
      signal,
    });
    const n = normalizeSearch(res.body, 'TextModule', 'text_modules');
    return n.records.map((r) => this.c.parse(TextModuleSchema, r, 'a text module'));
  }

  /** KB search restricted to answers, with agent URLs (`…/knowledge_bases/{kb}/answers/{id}?include_contents=…`) that carry the answer id. */
  async kbSearchAnswers(query: string, limit: number, signal?: Signal): Promise<KbSearch> {
    const res = await this.c.request('POST', '/knowledge_bases/search', {
      body: {
        query,
        flavor: 'agent',
        index: 'KnowledgeBase::Answer::Translation',
        limit,
        include_locale: true,
        url_type: 'agent',
      },
      readOnly: true,
      signal,
    });
    return this.c.parse(KbSearchSchema, res.body, 'knowledge base results');
  }

  /**
   * `POST /knowledge_bases/init` (what Zammad's own knowledge base screen loads): the knowledge
   * bases with their locales and categories. Answers are streamed past, never held, so a large
   * knowledge base costs reading time, not memory.
   */
  async kbStructure(signal?: Signal): Promise<Assets> {
    const drop = { take: () => undefined };
    const { maxResponseBytes } = this.c.limits;
    const res = await this.c.request('POST', '/knowledge_bases/init', {
      body: {},
      readOnly: true,
      read: {
        maxKeptBytes: maxResponseBytes,
        maxRawBytes: maxResponseBytes * ARTICLE_STREAM_FACTOR,
        plan: {
          sinks: [
            ...ANSWER_ASSETS.map((m) => ({ at: [m, '*'], ...drop })),
            // The answer id lists grow with the knowledge base too.
            { at: ['KnowledgeBase', '*', 'answer_ids'], ...drop },
            { at: ['KnowledgeBaseCategory', '*', 'answer_ids'], ...drop },
          ],
        },
      },
      signal,
    });
    return this.c.parse(KbInitSchema, res.body, 'the knowledge base structure');
  }

  /** The system's active locales (GraphQL `locales`, public): what a KB locale's `system_locale_id` names. */
  async systemLocales(signal?: Signal): Promise<SystemLocale[]> {
    const res = await this.c.request('POST', '/graphql', {
      root: true,
      readOnly: true,
      body: {
        query: 'query locales($onlyActive: Boolean) { locales(onlyActive: $onlyActive) { id locale name } }',
        variables: { onlyActive: true },
      },
      signal,
    });
    const r = this.c.parse(LocalesSchema, res.body, 'the list of locales');
    return r.data.locales.flatMap((l) => {
      const id = /(\d+)$/.exec(l.id)?.[1];
      return id ? [{ id: Number(id), locale: l.locale, name: l.name }] : [];
    });
  }

  /**
   * `POST /knowledge_bases/{kb}/answers {category_id, translations_attributes: [{title, kb_locale_id,
   * content_attributes: {body}}]}` → 201 `{id, assets}`: Zammad creates it as a draft (no
   * internal_at, published_at or archived_at). Never retried.
   */
  createKbAnswer(
    kbId: number,
    body: {
      category_id: number;
      translations_attributes: Array<{
        title: string;
        kb_locale_id: number;
        content_attributes: { body: string };
      }>;
    },
    signal?: Signal,
  ): Promise<KbAnswerShow> {
    return this.c.send('POST', apiPath`/knowledge_bases/${kbId}/answers`, KbAnswerShowSchema, {
      body,
      signal,
    });
  }

  /** One KB answer as `{id, assets}`; `contentIds` adds those translation contents (the bodies) to the assets. */
  kbAnswer(
    kbId: number,
    answerId: number,
    contentIds: readonly number[],
    signal?: Signal,
  ): Promise<KbAnswerShow> {
    return this.c.get(apiPath`/knowledge_bases/${kbId}/answers/${answerId}`, KbAnswerShowSchema, {
      query: { include_contents: contentIds.length ? contentIds.join(',') : undefined },
      signal,
    });
  }
}
