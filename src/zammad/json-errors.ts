/** Why a streamed JSON read stopped, and the decoding of JSON string text shared by the readers. */

/** The HTTP layer turns this into a ZammadError with the host and the advice. */
export class JsonStreamError extends Error {
  override readonly name = 'JsonStreamError';
  constructor(
    readonly kind: 'syntax' | 'too_large',
    /** What was wrong, in a few words ("an unexpected character"). */
    readonly what: string,
    /** For `too_large`: which limit was passed. */
    readonly limit?: 'kept' | 'raw',
  ) {
    super(`JSON stream: ${what}`);
  }
}

// JSON forbids raw control characters in strings; JSON.parse checks them where escapes are decoded.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

/** The string a JSON string's text (between its quotes, UTF-8 decoded) stands for. */
export function jsonStringText(text: string, escapes: boolean): string {
  if (!escapes) {
    if (CONTROL.test(text)) throw new JsonStreamError('syntax', 'a control character in a string');
    return text;
  }
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    throw new JsonStreamError('syntax', 'an invalid string');
  }
}
