/** URL helpers shared by the plain-text, markdown and HTML paths. */

const DANGEROUS_SCHEME = /^(?:javascript|vbscript|data|livescript):/;
const SAFE_PREFIX = /^(?:https?|mailto|ftp|tel):|^[/?#]/i;

/**
 * True for URLs a client must never be handed as a link target: javascript:, vbscript:, data:.
 * Browsers ignore ASCII whitespace and controls inside the scheme and markdown decodes character
 * references, so both are undone before looking.
 */
export function isDangerousUrl(url: string): boolean {
  if (SAFE_PREFIX.test(url)) return false;
  const decoded = url
    .replace(
      /&#(?:x([0-9a-f]{1,6})|(\d{1,7}));?/gi,
      (_m, hex: string | undefined, dec: string | undefined) => {
        const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
        return cp > 0x20 && cp < 0x7f ? String.fromCharCode(cp) : '';
      },
    )
    .replace(/&colon;/gi, ':')
    .replace(/&(?:tab|newline);/gi, '');
  // eslint-disable-next-line no-control-regex
  return DANGEROUS_SCHEME.test(decoded.replace(/[\x00-\x20\x7f-\x9f]+/g, '').toLowerCase());
}

/** The URL as shown to the model: a mailto: link as its address. */
export function displayUrl(url: string): string {
  if (!/^mailto:/i.test(url)) return url;
  const address = url.slice(7).split('?')[0] ?? '';
  let decoded = address;
  try {
    decoded = decodeURIComponent(address);
  } catch {
    // keep it encoded
  }
  return decoded === '' ? url : decoded;
}

function comparable(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^(?:https?:\/\/|mailto:)/, '')
    .replace(/\/$/, '');
}

/** Whether a link's visible text already shows its URL (or nothing at all). */
export function textShowsUrl(text: string, url: string): boolean {
  return (
    text.trim() === '' ||
    comparable(text) === comparable(url) ||
    comparable(text) === comparable(displayUrl(url))
  );
}

/** `text (url)`; just `url` when the text is the URL or empty; just `text` for dangerous URLs. */
export function formatLink(text: string, url: string): string {
  const u = url.trim();
  if (u === '' || isDangerousUrl(u)) return text;
  if (textShowsUrl(text, u)) return displayUrl(u);
  return `${text} (${displayUrl(u)})`;
}
