import type { FakeSlack } from '../fakes/fake-slack.js';

/** A title carrying a broadcast, a mention, a user-group ping, a disguised link and a bare `&`. */
export const HOSTILE = 'R&D <!channel> <@U123> <!subteam^S1> <http://evil|click>';
/** What must never appear raw anywhere Slack parses text. `R&D` is how the bare `&` would look unescaped. */
export const HOSTILE_RAW = ['R&D', '<!channel>', '<@U123>', '<!subteam^S1>', '<http://evil|click>'];

/**
 * Every string Slack would parse as mrkdwn/text, with where it was found. A `plain_text` object is skipped: Slack
 * never parses it, so a raw title there is inert (and escaping it would show `&lt;` to people).
 */
function parsedStrings(value: unknown, path: string, out: Array<{ path: string; text: string }>): void {
  if (typeof value === 'string') {
    // Form-encoded WebClient calls carry some arrays (files.completeUploadExternal `files`) as JSON text.
    if (/^[[{]/.test(value)) {
      try {
        return parsedStrings(JSON.parse(value), path, out);
      } catch {
        // not JSON: scan as text
      }
    }
    out.push({ path, text: value });
    return;
  }
  if (Array.isArray(value)) return value.forEach((v, i) => parsedStrings(v, `${path}[${i}]`, out));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj.type === 'plain_text') return;
    for (const [k, v] of Object.entries(obj)) parsedStrings(v, `${path}.${k}`, out);
  }
}

/** Each place in a recorded Slack call or response_url answer where the hostile markup reached Slack unescaped. */
export function rawMarkupLeaks(fake: FakeSlack): string[] {
  const found: Array<{ path: string; text: string }> = [];
  for (const call of fake.calls) parsedStrings(call.args, call.method, found);
  for (const answer of fake.responses) parsedStrings(answer.body, `response_url ${answer.path}`, found);
  return found.filter((s) => HOSTILE_RAW.some((raw) => s.text.includes(raw))).map((s) => `${s.path}: ${s.text}`);
}
