/**
 * Phone numbers in free text, found by libphonenumber-js and then filtered against what merely
 * looks like one. International numbers (`+44 113 555 1234`, `0049 40 345 6789`) count when they are
 * possible numbers of their country; national ones (`030 5557 2100`, `(617) 555-0123`) only when
 * valid for the configured region AND written like a phone number: a trunk prefix or area code in
 * parentheses, or a word such as "phone", "tel", "mobile" or "fax" just before. Never a date, an IP
 * address, a price, a version, a ticket or order number.
 */
import { findNumbers as find, type CountryCode, type NumberFound } from 'libphonenumber-js/max';
import type { Found } from './emails.js';

/** `leniency` is read by the library (POSSIBLE, VALID, …) but missing from its types. */
const findNumbers = find as unknown as (
  text: string,
  o: { defaultCountry?: CountryCode; leniency: 'POSSIBLE' | 'VALID'; v2: true },
) => NumberFound[];

const PHONE_WORD =
  /(?:phone|tel|telephone|telefon|fon|mobile|mobil|cell|handy|fax|call|ruf|rückruf|whatsapp|sms)\.?(?:\s*(?:number|nummer|no\.?|nr\.?))?\s*[:.]?\s*(?:\+|\()?$/i;
const NOT_A_PHONE_BEFORE = /(?:#|№|ticket|order|invoice|bestellung|rechnung|auftrag|ref|id|nr|version|v|ip|iban|kunden)\s*[:.#-]?\s*$/i;
const INTERNATIONAL = /(?<![\w+])(?:\+|00)(?:\d{8,15}|[1-9]\d{0,2}(?:[\s.\-/]{1,2}\(?\d{1,6}\)?){1,6})(?![\w])/g;
const DATE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
const IP = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Digits only: how two ways of writing one number compare. */
export const digitsOf = (s: string): string => s.replace(/\D/g, '');

export function findPhones(text: string, region: CountryCode | undefined): Found[] {
  if (!/\d{3}/.test(text.replace(/[\s().-]/g, ''))) return [];
  const out: Found[] = [];
  const seen = new Set<number>();
  const add = (start: number, end: number, e164: string): void => {
    if (seen.has(start) || out.some((f) => f.start < end && start < f.end)) return;
    seen.add(start);
    out.push({ start, end, value: e164 });
  };
  // International: "+" or "00", possible numbers (fictional 555 numbers are not "valid" but are someone's).
  for (const m of findNumbers(text, { leniency: 'POSSIBLE', v2: true })) {
    const raw = text.slice(m.startsAt, m.endsAt);
    if (!/^(?:\+|00)/.test(raw)) continue;
    if (digitsOf(raw).length < 8) continue;
    if (raw.startsWith('00') && /[\dA-Z][\s.-]?$/.test(text.slice(Math.max(0, m.startsAt - 2), m.startsAt))) continue;
    if (NOT_A_PHONE_BEFORE.test(text.slice(Math.max(0, m.startsAt - 12), m.startsAt))) continue;
    add(m.startsAt, m.endsAt, m.number.number);
  }
  // Written like an international number but not one libphonenumber knows ("+33 4 769 9886"): still
  // someone's number. A "+" or "00", a country code, then groups: 8 to 15 digits in all.
  for (const m of text.matchAll(INTERNATIONAL)) {
    const raw = m[0];
    const n = digitsOf(raw).length - (raw.startsWith('00') ? 2 : 0);
    if (n < 8 || n > 15) continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (NOT_A_PHONE_BEFORE.test(before)) continue;
    // "00…" right after other digit groups is the middle of a longer number (an IBAN), not a dial prefix.
    if (raw.startsWith('00') && /[\dA-Z][\s.-]?$/.test(before)) continue;
    add(m.index, m.index + raw.length, `+${digitsOf(raw).replace(/^00/, '')}`);
  }
  if (region) {
    for (const m of findNumbers(text, { defaultCountry: region, leniency: 'VALID', v2: true })) {
      const raw = text.slice(m.startsAt, m.endsAt);
      if (/^(?:\+|00)/.test(raw)) {
        add(m.startsAt, m.endsAt, m.number.number);
        continue;
      }
      if (DATE.test(raw) || IP.test(raw) || /\d[.,]\d{2}$/.test(raw) || /\d,\d/.test(raw)) continue;
      const before = text.slice(Math.max(0, m.startsAt - 16), m.startsAt);
      if (NOT_A_PHONE_BEFORE.test(before) || /[#$€£¥]\s*$/.test(before)) continue;
      const after = text.slice(m.endsAt, m.endsAt + 4);
      if (/^\s*(?:€|\$|eur|usd|chf|%)/i.test(after)) continue;
      const looksDialled = /^\(?0/.test(raw) || /^\(\d{2,4}\)/.test(raw);
      if (!looksDialled && !PHONE_WORD.test(before)) continue;
      add(m.startsAt, m.endsAt, m.number.number);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
