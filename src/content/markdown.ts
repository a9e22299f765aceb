/**
 * Neutralizes the markdown (and inline HTML) in untrusted text that a client would render into something
 * the reader cannot see, or that loads a URL by itself, or that impersonates a chat role:
 *
 * - images `![alt](url)`, `![alt][ref]`, `![alt]` (defined ref) → `alt` (no URL left that a client would load);
 * - links `[text](url)` and reference links `[text][ref]`, `[text][]`, `[ref]` → `text (url)`, just `url` when
 *   the text is the URL, just `text` for javascript:/data:/vbscript: URLs; inline links whose destination is
 *   not URL-like (`a[i](x)`, `[a-z](\d+)`) resolve to the reader's own origin, are harmless and stay as written;
 * - link reference definitions `[ref]: url` (which render as nothing) → `ref: url`, so no reference can
 *   resolve, not even against a definition planted in another field of the same response;
 * - code fences whose info string carries a role word as a token (`system`, `system-prompt`, `tool_call`,
 *   `<|im_start|>` …) → info string `text`; ordinary languages and `user-guide` stay;
 * - inline HTML that loads or runs something (`<img`, `<script`, `<iframe`, `<a href`, …), HTML comments
 *   (hidden when rendered) and look-alikes of our own frame markers: `<` → `‹`;
 * - chat-template tokens (`<|im_start|>`, `<｜User｜>`, `[INST]`, `<<SYS>>`, `<start_of_turn>`): brackets → `‹ ›`;
 * - character references that a renderer would decode to an invisible character (`&#8203;`, `&zwj;`):
 *   `&` → `&amp;`, so they show literally.
 *
 * Plain text is untouched: `[1]` without a definition, `a < b`, `<jane@ex.com>`, `AT&T`, URLs with `&`.
 *
 * A rewrite can expose a new construct (`[![img](a)](b)`, `<![x](y)img …>`), so the rewrite runs until
 * nothing changes. Past MAX_ROUNDS (only adversarial nesting gets there) it does not give up: every `](`
 * and `][` is broken apart, after which no link, image or reference can exist. So the function is
 * idempotent and never passes a renderable construct through. Every regex here is linear-time.
 */
import { formatLink } from './url.js';
import { stripCodePoints } from './codepoints.js';

const MAX_ROUNDS = 4;

// ---- character references ----

const NAMED_INVISIBLE =
  'shy|zwj|zwnj|lrm|rlm|ZeroWidthSpace|NegativeVeryThinSpace|NegativeThinSpace|NegativeMediumSpace|NegativeThickSpace|NoBreak|ApplyFunction|af|InvisibleTimes|it|InvisibleComma|ic';
const CHAR_REF = new RegExp(`&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(?:${NAMED_INVISIBLE}));`, 'g');

function neutralizeCharRefs(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(CHAR_REF, (m, hex: string | undefined, dec: string | undefined) => {
    if (hex === undefined && dec === undefined) return '&amp;' + m.slice(1);
    const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? '', 10);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return m; // renders as U+FFFD
    const ch = String.fromCodePoint(cp);
    return stripCodePoints(ch) === ch ? m : '&amp;' + m.slice(1);
  });
}

// ---- inline HTML and chat-template tokens ----

const RISKY_TAG_NAMES =
  'script|style|img|image|iframe|frame|frameset|object|embed|applet|link|meta|base|svg|math|video|audio|source|track|picture|input|form|button|textarea|select|noscript|template|marquee|body|html|head|title|dialog|portal|isindex|xmp|plaintext|listing';
const RISKY_TAG = new RegExp(
  `<(?=(?:${RISKY_TAG_NAMES})(?![\\w:-])|a\\s[^<>]*href|!--|\\s*/?\\s*untrusted[-_])`,
  'gi',
);
const CHAT_TOKEN =
  /<([|｜])([^<>\n]{0,64}?)([|｜])>|\[(\/?(?:INST|SYS|SYSTEM_PROMPT|TOOL_CALLS|AVAILABLE_TOOLS|TOOL_RESULTS))\]|<<(\/?SYS)>>|<(\/?(?:start_of_turn|end_of_turn))>/g;

/** Either of the two above, for a cheap "nothing to do" answer (one scan instead of two replaces). */
const ANY_TAG_OR_TOKEN = new RegExp(`${RISKY_TAG.source}|${CHAT_TOKEN.source}`, 'i');

function neutralizeTags(s: string): string {
  if (!ANY_TAG_OR_TOKEN.test(s)) return s;
  let out = s.includes('<') ? s.replace(RISKY_TAG, '‹') : s;
  out = out.replace(
    CHAT_TOKEN,
    (_m, p1?: string, body?: string, p2?: string, bracket?: string, sys?: string, turn?: string) => {
      if (p1 !== undefined) return `‹${p1}${body ?? ''}${p2 ?? ''}›`;
      if (bracket !== undefined) return `‹${bracket}›`;
      if (sys !== undefined) return `‹‹${sys}››`;
      return `‹${turn ?? ''}›`;
    },
  );
  return out;
}

// ---- code fences ----

const FENCE = /^([ \t>*+\-.)0-9]*)(`{3,}|~{3,})(.*)$/gm;

const ROLE_WORDS = new Set([
  'system',
  'sys',
  'assistant',
  'user',
  'developer',
  'tool',
  'tools',
  'function',
  'functions',
  'instruction',
  'instructions',
  'prompt',
  'prompts',
  'role',
  'human',
  'model',
  'inst',
]);
const ROLE_SUFFIXES = new Set([
  'prompt',
  'prompts',
  'message',
  'messages',
  'msg',
  'call',
  'calls',
  'result',
  'results',
  'output',
  'response',
  'reply',
  'input',
  'content',
  'turn',
  'role',
  'instruction',
  'instructions',
  'command',
  'commands',
  'directive',
  'directives',
  'override',
  'header',
  'block',
  'section',
  'note',
  'notes',
  'context',
]);
const CHAT_MARKERS =
  /<\||\|>|｜|<<|>>|\[\/?inst\]|im_start|im_end|im_sep|endoftext|eot_id|start_header_id|end_header_id|start_of_turn|end_of_turn/;

function isRolePart(part: string): boolean {
  if (ROLE_WORDS.has(part)) return true;
  for (const role of ROLE_WORDS) {
    if (part.length > role.length && part.startsWith(role) && ROLE_SUFFIXES.has(part.slice(role.length)))
      return true;
  }
  return false;
}

/**
 * A fence info string carries a role word when one of its tokens is made only of role words and role
 * suffixes, with at least one role word: `system`, `System Prompt`, `tool_call`, `assistant-response`,
 * `role=user`, `systemprompt`. `user-guide`, `systemd`, `toolbox`, `rust,ignore` are ordinary.
 */
export function isRoleInfo(info: string): boolean {
  const lower = info.toLowerCase();
  if (CHAT_MARKERS.test(lower)) return true;
  for (const token of lower.split(/[\s,;:{}()"'`=<>|[\]]+/)) {
    if (token === '') continue;
    let role = false;
    let ordinary = true;
    for (const part of token.split(/[-_./+]+/)) {
      if (part === '') continue;
      if (isRolePart(part)) role = true;
      else if (!ROLE_SUFFIXES.has(part)) {
        ordinary = false;
        break;
      }
    }
    if (role && ordinary) return true;
  }
  return false;
}

function neutralizeFences(s: string): string {
  if (!s.includes('```') && !s.includes('~~~')) return s;
  return s.replace(FENCE, (m, prefix: string, fence: string, info: string) =>
    isRoleInfo(info) ? `${prefix}${fence}text` : m,
  );
}

// ---- links, images, reference definitions ----

/** `[label]:` at the start of a line, after indentation and container markers (`>`, `-`, `1.` …). */
const DEFINITION = /^([ \t>*+\-.)0-9]*)\[([^[\]\n]*)\]:/gm;
const LINK =
  /(!?)\[([^[\]]*)\](?:\(((?:[^()\\]|\\[\s\S]|\((?:[^()\\]|\\[\s\S])*\))*)\)|\[([^[\]]*)\]|(?!:))/g;
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]{1,31}:|\/\/|www\.)/i;

function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

function collectDefinitions(s: string): Map<string, string> {
  const defs = new Map<string, string>();
  DEFINITION.lastIndex = 0;
  for (let m = DEFINITION.exec(s); m !== null; m = DEFINITION.exec(s)) {
    const key = normalizeLabel(m[2] ?? '');
    if (key === '' || defs.has(key)) continue; // the first definition wins
    const rest = /^[ \t]*\n?[ \t>]*(<[^<>\n]*>|\S+)/.exec(
      s.slice(DEFINITION.lastIndex, DEFINITION.lastIndex + 4096),
    );
    const raw = rest?.[1] ?? '';
    defs.set(key, raw.startsWith('<') ? raw.slice(1, -1) : raw);
  }
  return defs;
}

/** The destination of an inline link body `dest "title"`, or undefined when it is not a valid link. */
function inlineDestination(body: string): string | undefined {
  const b = body.trim();
  let dest: string;
  let rest: string;
  if (b.startsWith('<')) {
    const end = b.indexOf('>');
    if (end < 0 || b.slice(1, end).includes('\n')) return undefined;
    dest = b.slice(1, end);
    rest = b.slice(end + 1);
  } else {
    dest = /^\S*/.exec(b)?.[0] ?? '';
    rest = b.slice(dest.length);
    if (rest !== '' && !/^\s/.test(rest)) return undefined;
  }
  rest = rest.trim();
  if (rest === '' || /^(?:"[^"]*"|'[^']*'|\([^()]*\))$/.test(rest)) return dest;
  return undefined;
}

function rewriteLinks(s: string): string {
  if (!s.includes('[')) return s;
  const defs = s.includes(']:') ? collectDefinitions(s) : new Map<string, string>();
  return s.replace(
    LINK,
    (m, bang: string, text: string, body: string | undefined, ref: string | undefined) => {
      const image = bang === '!';
      if (body !== undefined) {
        const dest = inlineDestination(body);
        if (dest !== undefined) {
          if (image) return text;
          return URL_LIKE.test(dest) ? formatLink(text, dest) : m;
        }
        // Not an inline link: `[text]` may still be a shortcut reference, followed by literal "(…)".
        const def = defs.get(normalizeLabel(text));
        if (def === undefined) return image ? text + m.slice(text.length + 3) : m;
        return (image ? text : formatLink(text, def)) + m.slice(bang.length + text.length + 2);
      }
      if (ref !== undefined) {
        if (image) return text;
        const def = defs.get(normalizeLabel(ref === '' ? text : ref));
        return def === undefined ? m : formatLink(text, def);
      }
      const def = defs.get(normalizeLabel(text));
      if (def === undefined) return m;
      return image ? text : formatLink(text, def);
    },
  );
}

function neutralizeDefinitions(s: string): string {
  if (!s.includes(']:')) return s;
  return s.replace(DEFINITION, (m, prefix: string, label: string) =>
    label.trim() === '' ? m : `${prefix}${label}:`,
  );
}

function round(s: string): string {
  let out = neutralizeCharRefs(s);
  out = neutralizeTags(out);
  out = neutralizeFences(out);
  out = rewriteLinks(out);
  return neutralizeDefinitions(out);
}

/** Last resort for adversarial nesting: afterwards no link, image or reference can be formed. */
function defang(s: string): string {
  let out = s.replace(/\]\(/g, '] (').replace(/\]\[/g, '] [');
  out = neutralizeDefinitions(out);
  out = neutralizeCharRefs(out);
  out = neutralizeTags(out);
  return neutralizeFences(out);
}

/**
 * Matches wherever any step of a round could change something (a superset of all of them), so text
 * with angle-bracket addresses, `AT&T` or plain prose is answered by one scan.
 */
const MAY_NEED_WORK = new RegExp(
  `&(?:#|[a-z]+;)|\\[|\`\`\`|~~~|<(?:(?:${RISKY_TAG_NAMES})(?![\\w:-])|a\\s|!--|\\s*/?\\s*untrusted[-_]|[|｜]|<\\/?sys>>|\\/?(?:start|end)_of_turn>)`,
  'i',
);

/** See the module comment. Idempotent; expects text already cleaned by stripCodePoints. */
export function neutralizeMarkdown(s: string): string {
  if (!MAY_NEED_WORK.test(s)) return s;
  let cur = s;
  for (let r = 0; r < MAX_ROUNDS; r++) {
    const next = round(cur);
    if (next === cur) return cur;
    cur = next;
  }
  return defang(cur);
}
