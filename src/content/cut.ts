/** Cuts text to at most `maxChars`, at a line break or a space near the end where there is one. */
export function cut(text: string, maxChars: number): { text: string; cut: boolean } {
  if (text.length <= maxChars) return { text, cut: false };
  let end = text.lastIndexOf('\n', maxChars);
  if (end < maxChars * 0.8) end = text.lastIndexOf(' ', maxChars);
  if (end < maxChars * 0.8) end = maxChars;
  // Never split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: text.slice(0, end), cut: true };
}
