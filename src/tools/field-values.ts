/**
 * Custom fields (Zammad's object-manager attributes) as this server reads them: the active,
 * editable attributes of an object, their allowed values and whether they are required, and the
 * check update_ticket runs on `attributes` before anything is written. One source for
 * list_ticket_fields (what it shows) and update_ticket (what it accepts).
 */
import type { ObjectAttribute } from '../zammad/schemas.js';

export interface FieldOption {
  value: string;
  label: string;
}

export interface FieldSpec {
  name: string;
  display: string;
  type: string;
  required: boolean;
  /** Allowed values (select, multiselect, tree select: tree values flattened as Zammad stores them, "a::b"). */
  options?: FieldOption[];
  /** multiselect: the value is a list. */
  multiple: boolean;
  maxlength?: number;
  min?: number;
  max?: number;
}

const CHOICE_TYPES = new Set(['select', 'multiselect', 'tree_select', 'multi_tree_select']);

function label(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** Options of a select ({key: label} or [{name, value}]) or a tree select ([{name, value, children}]), flattened. */
export function optionsOf(raw: unknown, max = 2000): FieldOption[] {
  const out: FieldOption[] = [];
  const walk = (list: unknown[], depth: number): void => {
    for (const item of list) {
      if (out.length >= max || depth > 10) return;
      if (!item || typeof item !== 'object') continue;
      const o = item as Record<string, unknown>;
      const value = label(o['value']);
      if (value !== '') out.push({ value, label: label(o['name']) || value });
      if (Array.isArray(o['children'])) walk(o['children'], depth + 1);
    }
  };
  if (Array.isArray(raw)) walk(raw, 0);
  else if (raw && typeof raw === 'object')
    for (const [value, l] of Object.entries(raw as Record<string, unknown>).slice(0, max))
      out.push({ value, label: label(l) || value });
  return out;
}

/** Required when Zammad refuses an empty value (`null: false`) or the agent's edit screen requires it. */
function isRequired(a: ObjectAttribute): boolean {
  if (a.data_option?.['null'] === false) return true;
  const edit = a.screens?.['edit'];
  if (!edit || typeof edit !== 'object') return false;
  return Object.values(edit as Record<string, unknown>).some(
    (s) => !!s && typeof s === 'object' && (s as Record<string, unknown>)['required'] === true,
  );
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function fieldSpec(a: ObjectAttribute): FieldSpec {
  const type = a.data_type ?? 'input';
  const o = a.data_option ?? {};
  const spec: FieldSpec = {
    name: a.name,
    display: a.display ?? a.name,
    type,
    required: isRequired(a),
    multiple: type === 'multiselect' || type === 'multi_tree_select' || o['multiple'] === true,
  };
  if (CHOICE_TYPES.has(type)) spec.options = optionsOf(o['options']);
  const maxlength = num(o['maxlength']);
  if (maxlength !== undefined) spec.maxlength = maxlength;
  if (type === 'integer') {
    const min = num(o['min']);
    const max = num(o['max']);
    if (min !== undefined) spec.min = min;
    if (max !== undefined) spec.max = max;
  }
  return spec;
}

/** The custom fields of an object: active, editable attributes, in Zammad's order. */
export function customFields(all: readonly ObjectAttribute[], object: string): FieldSpec[] {
  return all
    .filter((x) => x.object === object && x.active !== false && x.editable === true)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map(fieldSpec);
}

/** "key" when the label says the same, else "key (Label)". */
export function optionText(o: FieldOption): string {
  const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return norm(o.value) === norm(o.label) || o.value.endsWith(`::${o.label}`)
    ? o.value
    : `${o.value} (${o.label})`;
}

function listed(options: readonly FieldOption[], max = 30): string {
  const shown = options.slice(0, max).map(optionText).join(', ');
  return options.length > max ? `${shown}, … (${options.length} in all: list_ticket_fields)` : shown;
}

/**
 * What is wrong with `value` for the field, with the allowed values; undefined when it is fine.
 * null or '' clears a field, which a required one refuses.
 */
export function valueProblem(f: FieldSpec, value: unknown): string | undefined {
  const name = `"${f.name}"`;
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0))
    return f.required ? `${name} is required and cannot be emptied.` : undefined;
  if (f.options) {
    const allowed = new Set(f.options.map((o) => o.value));
    if (f.multiple) {
      if (!Array.isArray(value))
        return `${name} (${f.type}) takes a list of values, e.g. ["${f.options[0]?.value ?? 'value'}"]. Allowed: ${listed(f.options)}.`;
      const bad = value.filter((v) => typeof v !== 'string' || !allowed.has(v));
      return bad.length
        ? `${name} has no value ${bad.map((v) => JSON.stringify(v)).join(', ')}. Allowed: ${listed(f.options)}.`
        : undefined;
    }
    if (typeof value !== 'string' || !allowed.has(value))
      return `${name} has no value ${JSON.stringify(value)}. Allowed: ${listed(f.options)}.`;
    return undefined;
  }
  if (Array.isArray(value)) return `${name} (${f.type}) takes one value, not a list.`;
  switch (f.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${name} is a boolean: true or false.`;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return `${name} is a whole number.`;
      if (f.min !== undefined && value < f.min) return `${name} is at least ${f.min}.`;
      if (f.max !== undefined && value > f.max) return `${name} is at most ${f.max}.`;
      return undefined;
    case 'date':
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? undefined
        : `${name} is a ${f.type} (ISO 8601, e.g. "2025-10-01${f.type === 'datetime' ? 'T09:00:00Z' : ''}").`;
    default:
      if (typeof value !== 'string' && typeof value !== 'number') return `${name} is text.`;
      if (f.maxlength !== undefined && String(value).length > f.maxlength)
        return `${name} is at most ${f.maxlength} characters.`;
      return undefined;
  }
}
