/** Text modules and the knowledge base. */
import type { Signal, ZammadCore } from './core.js';
import { apiPath } from './paths.js';
import {
  KbAnswerShowSchema,
  KbSearchSchema,
  TextModuleSchema,
  type KbAnswerShow,
  type KbSearch,
  type TextModule,
} from './schemas.js';
import { normalizeSearch } from './search.js';

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
      signal,
    });
    return this.c.parse(KbSearchSchema, res.body, 'knowledge base results');
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
