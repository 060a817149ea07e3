import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';

/**
 * Microsoft Sentinel incident, shaped as the Incident resource of the Security Insights REST API
 * (learn.microsoft.com/rest/api/securityinsights/incidents/get: `id`, `name`, `type`, `properties`, with
 * `properties.additionalData` as IncidentAdditionalData). Sent by a playbook (Logic App) run from an automation rule on
 * "When incident is created / updated": an HTTP action posts `@{triggerBody()?['object']}` with header
 * `Authorization: Bearer <secret>`, hence bearer auth. That trigger's incident object also carries
 * `properties.relatedEntities` (not in the REST GET response), read here for the asset when present.
 */
const SentinelPayload = z.object({
  // ARM ids are bounded by Azure's name limits (resource group ≤ 90, workspace ≤ 63), well under externalId's 512.
  id: z.string().min(1).max(512),
  name: z.string().min(1).max(200),
  type: z.literal('Microsoft.SecurityInsights/Incidents'),
  properties: z.object({
    title: z.string().min(1),
    description: z.string().optional(),
    severity: z.enum(['High', 'Medium', 'Low', 'Informational']),
    status: z.enum(['New', 'Active', 'Closed']),
    classification: z.string().optional(),
    incidentNumber: z.number().int(),
    incidentUrl: z.string().optional(),
    createdTimeUtc: z.string(),
    lastModifiedTimeUtc: z.string(),
    firstActivityTimeUtc: z.string().optional(),
    lastActivityTimeUtc: z.string().optional(),
    labels: z.array(z.object({ labelName: z.string(), labelType: z.string().optional() })),
    owner: z.object({
      objectId: z.string().nullable().optional(),
      email: z.string().nullable().optional(),
      assignedTo: z.string().nullable().optional(),
      userPrincipalName: z.string().nullable().optional(),
    }),
    additionalData: z.object({
      alertsCount: z.number().int().nonnegative(),
      bookmarksCount: z.number().int().optional(),
      commentsCount: z.number().int().optional(),
      alertProductNames: z.array(z.string()),
      tactics: z.array(z.string()),
      techniques: z.array(z.string()).optional(),
      providerIncidentUrl: z.string().optional(),
    }),
    relatedAnalyticRuleIds: z.array(z.string()),
    providerName: z.string().optional(),
    relatedEntities: z.array(z.object({ kind: z.string(), properties: z.record(z.string(), z.unknown()) })).optional(),
  }),
});
type SentinelPayload = z.infer<typeof SentinelPayload>;

const SEVERITY: Record<SentinelPayload['properties']['severity'], AlertSeverity> = {
  High: 'high',
  Medium: 'medium',
  Low: 'low',
  Informational: 'info',
};

/** Vendor strings have no length limit; NormalizedAlert's do, and one long value must not lose the whole alert. */
const fit = (value: string | null | undefined, max: number): string | null => (value ? clip(value, max) : null);

type Entity = NonNullable<SentinelPayload['properties']['relatedEntities']>[number];

/** String properties of the first entity of `kind` (Host, Account, AzureResource…), so related values come from one entity. */
function firstEntity(entities: Entity[] | undefined, kind: string): (property: string) => string | null {
  const props = entities?.find((e) => e.kind === kind)?.properties ?? {};
  return (property) => {
    const v = props[property];
    return typeof v === 'string' && v ? v : null;
  };
}

export const sentinelSource: AlertSource<SentinelPayload> = {
  id: 'sentinel',
  displayName: 'Microsoft Sentinel',
  auth: { kind: 'bearer' },
  schema: SentinelPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const p = payload.properties;
    const extra = p.additionalData;
    const closed = p.status === 'Closed';
    const entities = p.relatedEntities;
    const host = firstEntity(entities, 'Host');
    const account = firstEntity(entities, 'Account');
    const hostName = host('hostName');
    const accountName = account('accountName');
    // Ip entities do not say whose address they are (the attacker's or ours), so they stay labels, not the asset.
    const ips = (entities ?? []).flatMap((e) => (e.kind === 'Ip' && typeof e.properties.address === 'string' ? [e.properties.address] : []));
    const labels: Record<string, string> = {
      incident_number: String(p.incidentNumber),
      status: p.status,
      alerts_count: String(extra.alertsCount),
    };
    if (extra.tactics.length) labels.tactics = extra.tactics.join(',');
    if (extra.alertProductNames.length) labels.products = extra.alertProductNames.join(',');
    if (p.labels.length) labels.tags = p.labels.map((l) => l.labelName).join(',');
    if (p.owner.assignedTo) labels.owner = p.owner.assignedTo;
    if (p.classification) labels.classification = p.classification;
    if (ips.length) labels.ips = ips.join(',');
    return [
      {
        source: 'sentinel',
        externalId: payload.id,
        // The number is what analysts quote; the name (a GUID) makes it unique across workspaces. Neither ever changes.
        fingerprint: `${p.incidentNumber}/${payload.name}`,
        title: clip(p.title, 300),
        description: p.description ? clip(p.description, 10_000) : null,
        severity: SEVERITY[p.severity],
        status: closed ? 'resolved' : 'firing',
        service: null,
        asset: {
          host: fit(hostName && host('dnsDomain') ? `${hostName}.${host('dnsDomain')}` : hostName, 255),
          ip: null,
          cloudResource: fit(firstEntity(entities, 'AzureResource')('resourceId'), 2048),
          user: fit(accountName && account('upnSuffix') ? `${accountName}@${account('upnSuffix')}` : accountName, 255),
        },
        labels,
        links: safeLinks([
          { title: 'Sentinel incident', url: p.incidentUrl },
          { title: 'Defender incident', url: extra.providerIncidentUrl },
        ]),
        startsAt: toIsoUtc(p.firstActivityTimeUtc) ?? toIsoUtc(p.createdTimeUtc) ?? ctx.receivedAt.toISOString(),
        // The incident has no close time of its own; the update that closed it is its last modification.
        endsAt: closed ? (toIsoUtc(p.lastModifiedTimeUtc) ?? ctx.receivedAt.toISOString()) : null,
        attackTechniques: attackTechniquesIn(extra.techniques),
      },
    ];
  },
};
