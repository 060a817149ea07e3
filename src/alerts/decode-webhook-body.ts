import type { IncomingHttpHeaders } from 'node:http';

/**
 * A webhook body as the JSON value its sender meant, or null when it is not that. JSON always; a form
 * (`application/x-www-form-urlencoded`) only from sources that document sending one (Datadog's "Encode as form"
 * option): each field becomes a property, and a field holding a JSON object or array (a nested part of the template)
 * is read as one. The inbox stores the decoded JSON, so the processor reads every source the same way.
 */
export function decodeWebhookBody(
  raw: Buffer,
  headers: IncomingHttpHeaders,
  acceptsForm: boolean,
): { json: unknown; text: string } | null {
  const text = raw.toString('utf8');
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (acceptsForm && type === 'application/x-www-form-urlencoded') {
    // A Map first: field names are sender text and may be `__proto__`.
    const fields = new Map<string, unknown>();
    for (const [key, value] of new URLSearchParams(text)) fields.set(key, nestedJson(value));
    const json = Object.fromEntries(fields);
    return { json, text: JSON.stringify(json) };
  }
  try {
    return { json: JSON.parse(text), text };
  } catch {
    return null;
  }
}

function nestedJson(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
