/** Untrusted helpdesk text → safe text for the model. See sanitize.ts, html.ts, deep.ts, frame.ts. */
export { sanitizeText } from './sanitize.js';
export { htmlToText } from './html.js';
export { sanitizeDeep } from './deep.js';
export { createFrame, escapeFrameMarkers, type Frame } from './frame.js';
export { stripCodePoints } from './codepoints.js';
export { neutralizeMarkdown, isRoleInfo } from './markdown.js';
export { findUnsafe } from './check.js';
export { cut } from './cut.js';
export {
  parseMailHeaders,
  spoofingWarning,
  spoofingWarningOf,
  splitMessage,
  type MailAddress,
  type MailHeaders,
  type SpoofingInput,
} from './spoofing.js';
