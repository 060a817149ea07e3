import { z } from 'zod';

/**
 * Zod building blocks for vendor payloads that must never be refused for their form. Senders do not retry a 4xx, so
 * a refused alert is a lost page: a source schema requires nothing but structure it cannot do without, reads every
 * field with one of these, and leaves the one check that may refuse ("does anything say what is wrong?") to its
 * normalize, which throws NoAlertTitleError (no-alert-title-error.ts) naming the fields it looked for.
 * Every block accepts any JSON value and never fails:
 * - ids and counts may come as strings or numbers (templates quote or unquote them freely);
 * - "" and null mean absent, as does a value of the wrong kind (an object where text was expected);
 * - unknown keys pass (z.object strips them; the raw body is stored as received).
 */

/** A string (trimmed), a finite number or a boolean as text; "", null, absent, objects and arrays read as undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The first of `values` that reads as text (see `textOf`): title fallbacks, `firstText(a.summary, labels.alertname)`. */
export function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    const text = textOf(value);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** A number, or a string holding one ("1406662672000", " 3 "); anything else reads as undefined. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A field read by `read` whatever it holds. `prefault(null)`: an absent key is read too (as null), so `read` decides
 * what absence means ({} for a map, undefined for text), and zod never reports the key as missing.
 */
export function lenient<T>(read: (value: unknown) => T) {
  return z.unknown().transform(read).prefault(null);
}

/** Optional text: see `textOf`. Ids sent as numbers come out as their decimal text. */
export const optionalText = lenient(textOf);

/** Optional number: see `numberOf`. */
export const optionalNumber = lenient(numberOf);

/** Optional non-negative whole number (counts such as Alertmanager's truncatedAlerts), as a number or a string. */
export const optionalCount = lenient((value) => {
  const n = numberOf(value);
  return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
});

/** Optional time as the vendor sent it (ISO text, epoch seconds or milliseconds, as a number or a string); parse with toIsoUtc. */
export const optionalTime = lenient((value): string | number | undefined =>
  typeof value === 'number' ? numberOf(value) : textOf(value),
);

/** true/false, also as "true"/"false", "yes"/"no", 1/0; anything else is undefined. */
export const optionalBoolean = lenient((value): boolean | undefined => {
  const t = textOf(value)?.toLowerCase();
  if (t === 'true' || t === 'yes' || t === '1') return true;
  if (t === 'false' || t === 'no' || t === '0') return false;
  return undefined;
});

/** One of `words`, case-insensitive ("Firing" is firing), as written in `words`; anything else is undefined. */
export function optionalWord<const W extends string>(words: readonly W[]) {
  const byLower = new Map(words.map((w) => [w.toLowerCase(), w]));
  return lenient((value): W | undefined => {
    const t = textOf(value)?.toLowerCase();
    return t === undefined ? undefined : byLower.get(t);
  });
}

/**
 * A flat string map (labels, annotations, tags objects): scalar values as text, untrimmed (label values are identity,
 * e.g. Alertmanager's fingerprint hashes them exactly), null and nested values dropped; not an object → {}.
 * `__proto__` is dropped so a key can never reach Object.prototype.
 */
export const textMap = lenient((value): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (k === '__proto__') continue;
    if (typeof v === 'string') out[k] = v;
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
});

/** A list of texts: an array (non-text items dropped) or one comma-separated string ("env:prod,team:db"); else []. */
export const textList = lenient((value): string[] => {
  const items = Array.isArray(value)
    ? value.map(textOf)
    : typeof value === 'string'
      ? value.split(',').map(textOf)
      : [];
  return items.filter((t): t is string => t !== undefined);
});

/** An optional nested object read with `shape` (whose fields should be lenient too); not an object → undefined. */
export function optionalObject<S extends z.ZodRawShape>(shape: S) {
  const schema = z.object(shape);
  return lenient((value): z.output<typeof schema> | undefined => {
    if (!isRecord(value)) return undefined;
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  });
}

/**
 * A list of items read with `item`: items that do not parse are left out (one odd entry must not sink the others);
 * not an array → []. Check afterwards that what is left still says what is wrong.
 */
export function lenientList<T extends z.ZodType>(item: T) {
  return lenient((value): Array<z.output<T>> => {
    if (!Array.isArray(value)) return [];
    const out: Array<z.output<T>> = [];
    for (const entry of value) {
      const parsed = item.safeParse(entry);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  });
}

/** Any JSON object (unknown keys kept); the only form refusal left to a lenient source: a body that is not an object. */
export const anyObject = z.record(z.string(), z.unknown());
