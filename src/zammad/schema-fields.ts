/** The field schemas every Zammad response schema is made of, and the assets map of `expand/full/all`. */
import { z } from 'zod';

export const id = z.number().int();
export const optId = id.nullish();
export const str = z.string().nullish();
/** Zammad serializes decimals as strings ("15.0"); older versions as numbers. */
export const decimal = z.union([z.string(), z.number()]).nullish();

/** Assets map of `expand/full/all` responses: model name → string id → record. */
export type Assets = Record<string, Record<string, unknown>>;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * Checked, not copied: an `all=true` answer carries every user, organization and article around a
 * ticket, and a copying parse of all of it was a large share of a call's allocations. Each record
 * is parsed with its own schema where it is used.
 */
export const AssetsSchema = z.custom<Assets>(
  (v) => isPlainObject(v) && Object.values(v).every(isPlainObject),
  { message: 'expected an object of model name → id → record' },
);
