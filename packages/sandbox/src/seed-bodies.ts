/** Composes realistic article bodies (plain text and HTML mail with quoted history). */
import type { Prng } from './prng.js';
import { AGENT_CLOSINGS, SIGNATURES } from './seed-text.js';

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STATUS_URL = 'https://status.helpdesk.example';
const STEPS = ['Restarted the application', 'Cleared the browser cache', 'Tried a different network'];

/**
 * Plain text → Zammad-style HTML: a `<div>` per line, `<div><br></div>` for blank lines,
 * `- ` lines as a `<ul>`, and the status page URL as a link.
 */
export function textToHtml(text: string): string {
  const out: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (list.length > 0) out.push(`<ul>${list.map((i) => `<li>${i}</li>`).join('')}</ul>`);
    list = [];
  };
  for (const line of text.split('\n')) {
    const html = escapeHtml(line).replace(
      STATUS_URL,
      `<a href="${STATUS_URL}" rel="nofollow noreferrer noopener" target="_blank">${STATUS_URL}</a>`,
    );
    if (line.startsWith('- ')) {
      list.push(html.slice(2));
      continue;
    }
    flush();
    out.push(line.trim() === '' ? '<div><br></div>' : `<div>${html}</div>`);
  }
  flush();
  return out.join('');
}

export type Party = { name: string; first: string; org: string };

export function customerBody(rng: Prng, text: string, who: Party): string {
  const steps = rng.chance(0.2) ? `\n\nWhat we already tried:\n${STEPS.map((s) => `- ${s}`).join('\n')}` : '';
  const sig = rng.pick(SIGNATURES)(who.name, who.org);
  return `${text}${steps}\n\n${sig}`;
}

export function agentReply(rng: Prng, core: string, customerFirst: string, agentName: string): string {
  const greeting = rng.pick(['Hello', 'Hi', 'Dear', 'Good morning']);
  const status = rng.chance(0.15) ? `\n\nYou can follow the current status on ${STATUS_URL}` : '';
  const closing = rng.pick(AGENT_CLOSINGS);
  return `${greeting} ${customerFirst},\n\n${core}${status}\n\n${closing}\n\nBest regards,\n${agentName}\nCustomer Service | Helpdesk Cloud`;
}

/** An HTML message that quotes the previous one, as mail clients do. */
export function htmlWithQuote(
  text: string,
  quoted: { text: string; author: string; at: string } | null,
): string {
  let html = textToHtml(text);
  if (quoted) {
    const when = new Date(quoted.at).toUTCString().replace(' GMT', ' UTC');
    html += `<div><br></div><div>On ${escapeHtml(when)}, ${escapeHtml(quoted.author)} wrote:</div><blockquote type="cite">${textToHtml(quoted.text)}</blockquote>`;
  }
  return html;
}
