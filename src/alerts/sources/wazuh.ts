import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { stableFingerprint } from '../stable-fingerprint.js';
import { attackTechniquesIn, clip, severityFromScore, toIsoUtc } from '../alert-mapping-helpers.js';
import type { NormalizedAlert } from '../normalized-alert.js';

/**
 * Wazuh alert, as written to alerts.json and handed to a custom integration script (Wazuh "Integration with external
 * APIs": `<integration><name>custom-…</name>` receives the alert file and posts the alert object unchanged). Fields per
 * the Wazuh alert format: `timestamp`, `rule` (level, id, description, groups, firedtimes, `mitre.id/tactic/technique`),
 * `agent` (id, name, ip), `manager`, `id`, `full_log`, `decoder`, `data` (decoded fields: srcip, srcuser, dstuser…),
 * `location`. The script sets `Authorization: Bearer <secret>` from the integration's `<api_key>`, hence bearer auth.
 */
const WazuhPayload = z.object({
  timestamp: z.string(),
  rule: z.object({
    // Wazuh documents levels 0–16 (rules classification), 0 being "ignored".
    level: z.number().int().min(0).max(16),
    description: z.string().min(1),
    id: z.string().min(1),
    mitre: z.object({ id: z.array(z.string()), tactic: z.array(z.string()), technique: z.array(z.string()) }).optional(),
    groups: z.array(z.string()),
    firedtimes: z.number().int().optional(),
  }),
  // The manager's own alerts come from agent "000", which has no ip.
  agent: z.object({ id: z.string(), name: z.string(), ip: z.string().optional() }),
  manager: z.object({ name: z.string() }),
  id: z.string().min(1).max(512),
  // Rules with `<options>no_full_log</options>` omit it.
  full_log: z.string().optional(),
  decoder: z.object({ name: z.string() }).optional(),
  // Decoders put what they extract here, some of it nested (data.win.eventdata…); only the few strings used are read.
  data: z.record(z.string(), z.unknown()).optional(),
  location: z.string(),
});
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
    const srcip = dataString(data, 'srcip');
    // Windows eventchannel alerts have no full_log; the event's rendered message is the readable text.
    const description = payload.full_log ?? dataString(data, 'win', 'system', 'message');
    const labels: Record<string, string> = {
      rule_id: rule.id,
      rule_level: String(rule.level),
      agent_id: agent.id,
      agent_name: agent.name,
      manager: payload.manager.name,
      location: payload.location,
    };
    if (rule.groups.length) labels.groups = rule.groups.join(',');
    if (payload.decoder) labels.decoder = payload.decoder.name;
    if (srcip) labels.srcip = srcip;
    if (rule.mitre?.tactic.length) labels.mitre_tactics = rule.mitre.tactic.join(',');
    return [
      {
        source: 'wazuh',
        // Wazuh's alert id is unique per alert, not per recurring condition.
        externalId: payload.id,
        // The same rule on the same agent from the same source is the same alert firing again.
        fingerprint: stableFingerprint('wazuh', { rule: rule.id, agent: agent.id, srcip }),
        title: clip(rule.description, 300),
        description: description ? clip(description, 10_000) : null,
        severity: severityFromScore(rule.level, LEVELS),
        // Wazuh alerts are point-in-time events; there is no recovery notification.
        status: 'firing',
        service: null,
        asset: {
          host: agent.name,
          // An agent's registered address can be "any" rather than an IP.
          ip: agent.ip && isIP(agent.ip) ? agent.ip : null,
          cloudResource: null,
          // dstuser is the account acted on (su target, accepted login); srcuser the one that tried.
          user: fit(dataString(data, 'dstuser') ?? dataString(data, 'srcuser'), 255),
        },
        labels,
        links: [],
        startsAt: toIsoUtc(payload.timestamp) ?? ctx.receivedAt.toISOString(),
        endsAt: null,
        attackTechniques: attackTechniquesIn(rule.mitre?.id),
      },
    ];
  },
};
