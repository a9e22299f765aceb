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
  /** Which part the text came from. */
  from: 'text' | 'html' | 'none';
  attachments: Array<{ filename: string; mimeType: string; bytes: number }>;
}

/** At most this many attachments are listed. */
export const ATTACHMENTS_LISTED = 20;

export async function mailBody(raw: string): Promise<MailBody> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  const attachments = email.attachments.slice(0, ATTACHMENTS_LISTED).map((a) => ({
    filename: (a.filename ?? '(no name)').slice(0, 200),
    mimeType: a.mimeType.slice(0, 100),
    bytes: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
  }));
  if (email.text && email.text.trim() !== '') return { text: email.text, from: 'text', attachments };
  if (email.html) return { text: htmlToText(email.html), from: 'html', attachments };
  return { text: '', from: 'none', attachments };
}
