/**
 * The readable body and attachment list of a raw RFC 5322 message (MIME parts, transfer encodings
 * and charsets decoded by postal-mime). The text is still untrusted: the caller's output goes
 * through sanitizeText like every other body; an HTML-only message becomes text through htmlToText.
 */
import PostalMime from 'postal-mime';
import { htmlToText } from './html.js';

export interface MailBody {
  /** The text part, or the HTML part as text; '' when the message has neither. */
  text: string;
  /** Which part the text came from; `unreadable` when the MIME structure is past the parser's bounds. */
  from: 'text' | 'html' | 'none' | 'unreadable';
  attachments: Array<{ filename: string; mimeType: string; bytes: number }>;
}

/** At most this many attachments are listed. */
export const ATTACHMENTS_LISTED = 20;

/** Bounds for a hostile structure: past them the body is reported unreadable (the headers still are). */
const LIMITS = { maxNestingDepth: 50, maxHeadersSize: 512 * 1024, maxRfc822NestingDepth: 3 };

export async function mailBody(raw: string): Promise<MailBody> {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', ...LIMITS });
  } catch {
    return { text: '', from: 'unreadable', attachments: [] };
  }
  const attachments = email.attachments.slice(0, ATTACHMENTS_LISTED).map((a) => ({
    filename: (a.filename ?? '(no name)').slice(0, 200),
    mimeType: a.mimeType.slice(0, 100),
    bytes: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
  }));
  if (email.text && email.text.trim() !== '') return { text: email.text, from: 'text', attachments };
  if (email.html) return { text: htmlToText(email.html), from: 'html', attachments };
  return { text: '', from: 'none', attachments };
}
