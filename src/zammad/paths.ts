/**
 * Builds API paths with every interpolated value confined to one path segment,
 * so an argument like "5/../../users" can never address another endpoint.
 */
export function apiPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const s = String(v);
    if (s === '' || s === '.' || s === '..') throw new TypeError(`invalid path segment ${JSON.stringify(s)}`);
    out += encodeURIComponent(s) + (strings[i + 1] ?? '');
  });
  return out;
}
