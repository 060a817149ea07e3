import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, severityFromScore, toIsoUtc } from '../alert-mapping-helpers.js';
import { optionalNumber, optionalObject, optionalText, optionalTime, textList } from '../lenient-fields.js';
import type { NormalizedAlert } from '../normalized-alert.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/**
 * Wazuh alert, as written to alerts.json and handed to a custom integration script (Wazuh "Integration with external
 * APIs": `<integration><name>custom-…</name>` receives the alert file and posts the alert object unchanged). Fields per
 * the Wazuh alert format: `timestamp`, `rule` (level, id, description, groups, firedtimes, `mitre.id/tactic/technique`),
 * `agent` (id, name, ip), `manager`, `id`, `full_log`, `decoder`, `data` (decoded fields: srcip, srcuser, dstuser…),
 * `location`. The script sets `Authorization: Bearer <secret>` from the integration's `<api_key>`, hence bearer auth.
 * Wazuh's own built-in `shuffle` integration (integrations/shuffle.py, the one Wazuh ships that posts JSON to any
 * `hook_url`) wraps the alert: `{ severity, pretext: "WAZUH Alert", title, text, rule_id, timestamp, id,
 * all_fields: <alert> }`; the alert under `all_fields` is read.
 */
const WazuhAlert = z.object({
  timestamp: optionalTime,
  rule: optionalObject({
    // Wazuh documents levels 0–16 (rules classification), 0 being "ignored"; forwarders may quote it.
    level: optionalNumber,
    description: optionalText,
    // A string in alerts.json; a number where a forwarder re-typed it.
    id: optionalText,
    // Wazuh 3.x has no mitre block (3.11 added id and tactic, 4.x technique).
    mitre: optionalObject({ id: textList, tactic: textList }),
    groups: textList,
  }),
  // The manager's own alerts come from agent "000", which has no ip.
  agent: optionalObject({ id: optionalText, name: optionalText, ip: optionalText }),
  manager: optionalObject({ name: optionalText }),
  id: optionalText,
  // Rules with `<options>no_full_log</options>` omit it.
  full_log: optionalText,
  decoder: optionalObject({ name: optionalText }),
  // Decoders put what they extract here, some of it nested (data.win.eventdata…); only the few strings used are read.
  data: z.unknown().optional(),
  // File integrity alerts: 3.x puts the changed file at syscheck.path.
  syscheck: optionalObject({ path: optionalText }),
  location: optionalText,
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The alert itself, or the one inside the Shuffle integration's message (which has no `rule` of its own). */
const WazuhPayload = z.preprocess(
  (body) => (isRecord(body) && !isRecord(body.rule) && isRecord(body.all_fields) ? body.all_fields : body),
  WazuhAlert,
);
type WazuhPayload = z.infer<typeof WazuhPayload>;

/**
 * From Wazuh's rules classification: 0–3 ignored / status / successful events → info; 4–6 low-priority and user errors,
 * low-relevance attacks → low; 7–11 "bad word", first-seen, invalid-source, repeated errors, integrity warnings ("may
 * have security relevance") → medium; 12–14 the "high importance" levels (also the dashboard's "Level 12 or above
 * alerts") → high; 15 "Severe attack … immediate attention is necessary" (and 16) → critical.
 */
const LEVELS: Array<[number, NormalizedAlert['severity']]> = [
  [15, 'critical'],
  [12, 'high'],
  [7, 'medium'],
  [4, 'low'],
];

const LOOKED_FOR = ['rule.description', 'rule.id'];

/** Vendor strings have no length limit; NormalizedAlert's do, and one long value must not lose the whole alert. */
const fit = (value: string | null | undefined, max: number): string | null => (value ? clip(value, max) : null);

/** A string at `path` inside decoded data (data.srcip, data.win.system.message), or null. */
function dataString(data: unknown, ...path: string[]): string | null {
  let v = data;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v ? v : null;
}

export const wazuhSource: AlertSource<WazuhPayload> = {
  id: 'wazuh',
  displayName: 'Wazuh',
  auth: { kind: 'bearer' },
  schema: WazuhPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const { rule, agent, data } = payload;
    const title = rule?.description ?? (rule?.id ? `Wazuh rule ${rule.id}` : undefined);
    if (!title) throw new NoAlertTitleError('Wazuh', LOOKED_FOR);
    const srcip = dataString(data, 'srcip');
    const path = payload.syscheck?.path ?? null;
    // Windows eventchannel alerts have no full_log; the event's rendered message is the readable text.
    const description = payload.full_log ?? dataString(data, 'win', 'system', 'message');
    const labels: Record<string, string> = {};
    const label = (key: string, value: string | number | undefined | null) => {
      if (value !== undefined && value !== null) labels[key] = String(value);
    };
    label('rule_id', rule?.id);
    label('rule_level', rule?.level);
    label('agent_id', agent?.id);
    label('agent_name', agent?.name);
    label('manager', payload.manager?.name);
    label('location', payload.location);
    if (rule?.groups.length) labels.groups = rule.groups.join(',');
    label('decoder', payload.decoder?.name);
    label('srcip', srcip);
    label('path', path);
    if (rule?.mitre?.tactic.length) labels.mitre_tactics = rule.mitre.tactic.join(',');
    return [
      {
        source: 'wazuh',
        // Wazuh's alert id is unique per alert, not per recurring condition.
        externalId: fit(payload.id, 512),
        // The same rule on the same agent from the same source (or about the same file) is the same alert firing again.
        fingerprint: stableFingerprint('wazuh', {
          rule: rule?.id ?? title,
          agent: agent?.id ?? agent?.name ?? null,
          srcip,
          ...(path ? { path } : {}),
        }),
        title: clip(title, 300),
        description: fit(description, 10_000),
        // A level that is missing is not assumed harmless.
        severity: rule?.level === undefined ? 'medium' : severityFromScore(rule.level, LEVELS),
        // Wazuh alerts are point-in-time events; there is no recovery notification.
        status: 'firing',
        service: null,
        asset: {
          host: fit(agent?.name, 255),
          // An agent's registered address can be "any" rather than an IP.
          ip: agent?.ip && isIP(agent.ip) ? agent.ip : null,
          cloudResource: null,
          // dstuser is the account acted on (su target, accepted login); srcuser the one that tried.
          user: fit(dataString(data, 'dstuser') ?? dataString(data, 'srcuser'), 255),
        },
        labels,
        links: [],
        startsAt: toIsoUtc(payload.timestamp) ?? ctx.receivedAt.toISOString(),
        endsAt: null,
        attackTechniques: attackTechniquesIn(rule?.mitre?.id),
      },
    ];
  },
};
