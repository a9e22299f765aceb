/**
 * Which Zammad permission an endpoint needs (reference §1, from app/policies/controllers/*), so a
 * 403 can say what the token lacks.
 */
const RULES: Array<[method: RegExp, path: RegExp, permission: string]> = [
  [/^DELETE$/, /^\/tickets\/[^/]+$/, 'admin'],
  [/^DELETE$/, /^\/users\/[^/]+$/, 'admin.user'],
  [/^DELETE$/, /^\/organizations\/[^/]+$/, 'admin.organization'],
  [/.*/, /^\/(ticket_history|ticket_merge|ticket_related)\//, 'ticket.agent'],
  [/.*/, /^\/tag_list/, 'admin.tag'],
  [/.*/, /^\/tag_search/, 'ticket.agent or admin.tag'],
  [/.*/, /^\/ticket_article_plain\//, 'ticket.agent (or ticket.customer for own tickets)'],
  [
    /.*/,
    /^\/(tickets|ticket_articles|ticket_attachment|links|tags|shared_draft)/,
    'ticket.agent (or ticket.customer for own tickets)',
  ],
  [/^(POST|PUT)$/, /^\/users/, 'ticket.agent or admin.user'],
  [/.*/, /^\/users/, 'ticket.agent or admin.user'],
  [/^(POST|PUT)$/, /^\/organizations/, 'ticket.agent or admin.organization'],
  [/.*/, /^\/organizations/, 'ticket.agent or admin.organization'],
  [/.*/, /^\/groups/, 'ticket.agent or admin.group'],
  [/.*/, /^\/(text_modules|macros|time_accounting)/, 'ticket.agent'],
  [/.*/, /^\/object_manager_attributes/, 'admin.object'],
  [/.*/, /^\/knowledge_bases/, 'knowledge_base.reader (or knowledge_base.editor)'],
];

export function permissionFor(method: string, path: string): string | undefined {
  const p = path.split('?')[0] ?? path;
  return RULES.find(([m, re]) => m.test(method) && re.test(p))?.[2];
}
