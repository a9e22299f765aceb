/**
 * Phone numbers in free text, found by libphonenumber-js and then filtered against what merely
 * looks like one. International numbers (`+44 113 555 1234`, `0049 40 345 6789`) count when they are
 * possible numbers of their country; national ones (`030 5557 2100`, `(617) 555-0123`) only when
 * valid for the configured region AND written like a phone number: a trunk prefix or area code in
 * parentheses, or a word such as "phone", "tel", "mobile" or "fax" just before. Never a date, an IP
 * address, a price, a version, a ticket or order number.
 */
import type { CountryCode, NumberFound } from 'libphonenumber-js/max';
import type { Found } from './emails.js';

type FindNumbers = (
  text: string,
  o: { defaultCountry?: CountryCode; leniency: 'POSSIBLE' | 'VALID'; v2: true },
) => NumberFound[];

/**
 * libphonenumber-js with its full metadata costs about a tenth of a second to load: it is loaded
 * only when pseudonymization is on (installPrivacy), not at every start. Until then only
 * international numbers are found. `leniency` is read by the library but missing from its types.
 */
let findNumbers: FindNumbers | undefined;
let supported: ((code: string) => boolean) | undefined;

export async function loadPhoneNumbers(): Promise<void> {
  if (findNumbers) return;
  const lib = await import('libphonenumber-js/max');
  findNumbers = lib.findNumbers as unknown as FindNumbers;
  supported = (code) => lib.isSupportedCountry(code);
}

/** Whether libphonenumber knows the region (after loadPhoneNumbers). */
export function isPhoneRegion(code: string): boolean {
  return supported?.(code) ?? false;
}

const PHONE_WORD =
  /(?:phone|tel|telephone|telefon|fon|mobile|mobil|cell|handy|fax|call|ruf|rückruf|whatsapp|sms)\.?(?:\s*(?:number|nummer|no\.?|nr\.?))?\s*[:.]?\s*(?:\+|\()?$/i;
const NOT_A_PHONE_BEFORE =
  /(?:#|№|ticket|order|invoice|bestellung|rechnung|auftrag|ref|id|nr|version|v|ip|iban|kunden)\s*[:.#-]?\s*$/i;
const INTERNATIONAL =
  /(?<![\w+])\(?(?:\+|00)(?:\d{8,15}|[1-9]\d{0,2}\)?(?:(?:[\s.\-/]{1,2}|(?<=\)))\(?\d{1,8}\)?){1,6})(?![\w])/g;
const DATE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
const IP = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Digits only: how two ways of writing one number compare. */
export const digitsOf = (s: string): string => s.replace(/\D/g, '');

/** A stretch of digits and the characters numbers are written with: where a number can be. */
const RUN = /[+(]?\d[\d \t\u00a0().\-/]*\d\)?/g;

export function findPhones(text: string, region: CountryCode | undefined): Found[] {
  const out: Found[] = [];
  const add = (start: number, end: number, e164: string): void => {
    if (out.some((f) => f.start < end && start < f.end)) return;
    out.push({ start, end, value: e164 });
  };
  // libphonenumber reads only the stretches that can hold a number (7 digits or more), not the text.
  for (const run of text.matchAll(RUN)) {
    if (digitsOf(run[0]).length < 7) continue;
    const base = run.index;
    // International ("+" or "00", a country code, then groups: 8 to 15 digits), whether or not
    // libphonenumber knows the number ("+33 4 769 9886" is still someone's). A trunk "(0)" is dropped.
    if (/^\(?(?:\+|00)/.test(run[0]))
      for (const m of run[0].matchAll(INTERNATIONAL)) {
        const at = base + m.index;
        const raw = m[0];
        const digits = digitsOf(raw.replace(/\(0\)/, '')).replace(/^00/, '');
        if (digits.length < 8 || digits.length > 15) continue;
        const before = text.slice(Math.max(0, at - 12), at);
        if (NOT_A_PHONE_BEFORE.test(before)) continue;
        // "00…" right after other digit groups is the middle of a longer number (an IBAN), not a dial prefix.
        if (raw.startsWith('00') && /[\dA-Z][\s.-]?$/.test(before)) continue;
        add(at, at + raw.length, `+${digits}`);
      }
    // National: only what is dialled like one (a trunk 0, an area code in parentheses) or follows a
    // word such as "phone"; libphonenumber then checks it is a valid number of the region.
    if (!region || !findNumbers) continue;
    const context = text.slice(Math.max(0, base - 16), base);
    if (!/^\(?0|^\(\d/.test(run[0]) && !PHONE_WORD.test(context)) continue;
    for (const m of findNumbers(run[0], { defaultCountry: region, leniency: 'VALID', v2: true })) {
      const at = base + m.startsAt;
      const end = base + m.endsAt;
      const raw = text.slice(at, end);
      if (/^(?:\+|00)/.test(raw)) {
        add(at, end, m.number.number);
        continue;
      }
      if (DATE.test(raw) || IP.test(raw) || /\d[.,]\d{2}$/.test(raw) || /\d,\d/.test(raw)) continue;
      const before = text.slice(Math.max(0, at - 16), at);
      if (NOT_A_PHONE_BEFORE.test(before) || /[#$€£¥]\s*$/.test(before)) continue;
      if (/^\s*(?:€|\$|eur|usd|chf|%)/i.test(text.slice(end, end + 5))) continue;
      const looksDialled = /^\(?0/.test(raw) || /^\(\d{2,4}\)/.test(raw);
      if (!looksDialled && !PHONE_WORD.test(before)) continue;
      add(at, end, m.number.number);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
