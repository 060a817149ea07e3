import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, mapSeverity, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import {
  anyObject,
  lenientList,
  optionalObject,
  optionalText,
  optionalTime,
  textList,
  textMap,
  textOf,
} from '../lenient-fields.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/**
 * Microsoft Sentinel, posted by a playbook (Logic App) with an HTTP action and `Authorization: Bearer <secret>`
 * (hence bearer auth). Three bodies, whichever the playbook posts:
 * - the incident: the Incident resource of the Security Insights REST API (learn.microsoft.com/rest/api/
 *   securityinsights/incidents/get: `id`, `name`, `type`, `properties`, `properties.additionalData`), as the
 *   "When incident is created / updated" trigger gives it in `@{triggerBody()?['object']}` (with
 *   `properties.relatedEntities`, read for the asset when present);
 * - that trigger's whole body (`@{triggerBody()}`): `{ eventUniqueId, objectSchemaType, objectEventType,
 *   workspaceInfo, workspaceId, object: <incident> }`;
 * - the older alert trigger ("When a response to a Microsoft Sentinel alert is triggered"): one SecurityAlert in
 *   PascalCase (`SystemAlertId`, `AlertDisplayName`, `Severity`, `Status`, `StartTimeUtc`, `Entities`, …).
 * Every field is optional; numbers may come quoted (incidentNumber "4127") and words in any case.
 */
const Incident = z.object({
  id: optionalText,
  name: optionalText,
  properties: optionalObject({
    title: optionalText,
    description: optionalText,
    severity: optionalText,
    status: optionalText,
    classification: optionalText,
    incidentNumber: optionalText,
    incidentUrl: optionalText,
    createdTimeUtc: optionalTime,
    lastModifiedTimeUtc: optionalTime,
    firstActivityTimeUtc: optionalTime,
    labels: lenientList(z.object({ labelName: optionalText })),
    owner: optionalObject({ assignedTo: optionalText }),
    additionalData: optionalObject({
      alertsCount: optionalText,
      alertProductNames: textList,
      tactics: textList,
      techniques: textList,
      providerIncidentUrl: optionalText,
    }),
    relatedEntities: lenientList(z.object({ kind: optionalText, properties: textMap })),
  }),
});

const SecurityAlert = z.object({
  SystemAlertId: optionalText,
  VendorOriginalId: optionalText,
  AlertDisplayName: optionalText,
  Description: optionalText,
  Severity: optionalText,
  Status: optionalText,
  ProductName: optionalText,
  AlertType: optionalText,
  CompromisedEntity: optionalText,
  StartTimeUtc: optionalTime,
  EndTimeUtc: optionalTime,
  TimeGenerated: optionalTime,
  AlertLink: optionalText,
  // A list ("InitialAccess, Execution" in Log Analytics rows).
  Tactics: textList,
  Techniques: textList,
  // An array of entities, or the same as a JSON string (as Log Analytics stores it).
  Entities: z.unknown().optional(),
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const SentinelPayload = anyObject.transform((body) => {
  // The trigger's whole body wraps the incident in `object`.
  const incident = isRecord(body.object) ? body.object : body;
  return {
    incident: Incident.parse(incident),
    alert: SecurityAlert.parse(body),
    eventType: textOf(body.objectEventType),
  };
});
type SentinelPayload = z.infer<typeof SentinelPayload>;

const LOOKED_FOR = ['properties.title', 'properties.incidentNumber', 'AlertDisplayName', 'SystemAlertId'];

const SEVERITY: Record<string, AlertSeverity> = { high: 'high', medium: 'medium', low: 'low', informational: 'info' };

/** Vendor strings have no length limit; NormalizedAlert's do, and one long value must not lose the whole alert. */
const fit = (value: string | null | undefined, max: number): string | null => (value ? clip(value, max) : null);

type Entity = { kind?: string | undefined; properties: Record<string, string> };

/** String properties of the first entity of `kind` (Host, Account, AzureResource…), so related values come from one entity. */
function firstEntity(entities: Entity[], kind: string): (property: string) => string | null {
  const props = entities.find((e) => e.kind?.toLowerCase() === kind.toLowerCase())?.properties ?? {};
  return (property) => props[property] || null;
}

/** The host and account of a set of entities (host.domain, account@upnSuffix). */
function assetOf(entities: Entity[]): { host: string | null; user: string | null; cloudResource: string | null } {
  const host = firstEntity(entities, 'Host');
  const account = firstEntity(entities, 'Account');
  const hostName = host('hostName') ?? host('HostName');
  const domain = host('dnsDomain') ?? host('DnsDomain');
  const accountName = account('accountName') ?? account('Name');
  const upnSuffix = account('upnSuffix') ?? account('UPNSuffix');
  return {
    host: fit(hostName && domain ? `${hostName}.${domain}` : hostName, 255),
    user: fit(accountName && upnSuffix ? `${accountName}@${upnSuffix}` : accountName, 255),
    cloudResource: fit(
      firstEntity(entities, 'AzureResource')('resourceId') ?? firstEntity(entities, 'AzureResource')('ResourceId'),
      2048,
    ),
  };
}

/** An alert's Entities: `{ Type: "host", HostName, … }` objects, as an array or a JSON string. */
function alertEntities(value: unknown): Entity[] {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((e) => ({ kind: textOf(e.Type), properties: textMap.parse(e) }));
}

function fromIncident(payload: SentinelPayload, ctx: { receivedAt: Date }): NormalizedAlert | null {
  const { incident } = payload;
  const p = incident.properties;
  const number = p?.incidentNumber;
  const title = p?.title ?? (number ? `Sentinel incident ${number}` : undefined);
  if (!p || !title) return null;
  const extra = p.additionalData;
  const closed = p.status?.toLowerCase() === 'closed';
  const entities = p.relatedEntities;
  // Ip entities do not say whose address they are (the attacker's or ours), so they stay labels, not the asset.
  const ips = entities.flatMap((e) =>
    e.kind?.toLowerCase() === 'ip' && e.properties.address ? [e.properties.address] : [],
  );
  const labels: Record<string, string> = {};
  if (number) labels.incident_number = number;
  if (p.status) labels.status = p.status;
  if (extra?.alertsCount) labels.alerts_count = extra.alertsCount;
  if (extra?.tactics.length) labels.tactics = extra.tactics.join(',');
  if (extra?.alertProductNames.length) labels.products = extra.alertProductNames.join(',');
  const tags = p.labels.flatMap((l) => (l.labelName ? [l.labelName] : []));
  if (tags.length) labels.tags = tags.join(',');
  if (p.owner?.assignedTo) labels.owner = p.owner.assignedTo;
  if (p.classification) labels.classification = p.classification;
  if (ips.length) labels.ips = ips.join(',');
  if (payload.eventType) labels.event = payload.eventType;
  return {
    source: 'sentinel',
    externalId: fit(incident.id ?? incident.name, 512),
    // The number is what analysts quote; the name (a GUID) makes it unique across workspaces. Neither ever changes.
    fingerprint:
      number && incident.name
        ? clip(`${number}/${incident.name}`, 255)
        : (fit(incident.name ?? incident.id, 255) ??
          stableFingerprint('sentinel', { incidentNumber: number ?? null, title })),
    title: clip(title, 300),
    description: fit(p.description, 10_000),
    severity: mapSeverity(p.severity, SEVERITY, 'medium'),
    status: closed ? 'resolved' : 'firing',
    service: null,
    asset: { ...assetOf(entities), ip: null },
    labels,
    links: safeLinks([
      { title: 'Sentinel incident', url: p.incidentUrl },
      { title: 'Defender incident', url: extra?.providerIncidentUrl },
    ]),
    startsAt: toIsoUtc(p.firstActivityTimeUtc) ?? toIsoUtc(p.createdTimeUtc) ?? ctx.receivedAt.toISOString(),
    // The incident has no close time of its own; the update that closed it is its last modification.
    endsAt: closed ? (toIsoUtc(p.lastModifiedTimeUtc) ?? ctx.receivedAt.toISOString()) : null,
    attackTechniques: attackTechniquesIn(extra?.techniques),
  };
}

function fromAlert(payload: SentinelPayload, ctx: { receivedAt: Date }): NormalizedAlert | null {
  const a = payload.alert;
  const id = a.SystemAlertId ?? a.VendorOriginalId;
  const title = a.AlertDisplayName ?? (id ? `Sentinel alert ${id}` : undefined);
  if (!title) return null;
  // Resolved and Dismissed both end the alert; New and InProgress keep it firing.
  const ended = ['resolved', 'dismissed'].includes(a.Status?.toLowerCase() ?? '');
  const entities = alertEntities(a.Entities);
  const ips = entities.flatMap((e) =>
    e.kind?.toLowerCase() === 'ip' && e.properties.Address ? [e.properties.Address] : [],
  );
  const labels: Record<string, string> = {};
  if (a.Status) labels.status = a.Status;
  if (a.ProductName) labels.products = a.ProductName;
  if (a.AlertType) labels.alert_type = a.AlertType;
  if (a.Tactics.length) labels.tactics = a.Tactics.join(',');
  if (a.CompromisedEntity) labels.compromised_entity = a.CompromisedEntity;
  if (ips.length) labels.ips = ips.join(',');
  const asset = assetOf(entities);
  return {
    source: 'sentinel',
    externalId: fit(id, 512),
    fingerprint: fit(id, 255) ?? stableFingerprint('sentinel', { alert: title, entity: a.CompromisedEntity ?? null }),
    title: clip(title, 300),
    description: fit(a.Description, 10_000),
    severity: mapSeverity(a.Severity, SEVERITY, 'medium'),
    status: ended ? 'resolved' : 'firing',
    service: null,
    // The compromised entity is a host name or a user's UPN; only the former is a host.
    asset: {
      ...asset,
      host: asset.host ?? (a.CompromisedEntity?.includes('@') ? null : fit(a.CompromisedEntity, 255)),
      ip: null,
    },
    labels,
    links: safeLinks([{ title: 'Sentinel alert', url: a.AlertLink }]),
    startsAt: toIsoUtc(a.StartTimeUtc) ?? toIsoUtc(a.TimeGenerated) ?? ctx.receivedAt.toISOString(),
    endsAt: ended ? ctx.receivedAt.toISOString() : null,
    attackTechniques: attackTechniquesIn(a.Techniques),
  };
}

export const sentinelSource: AlertSource<SentinelPayload> = {
  id: 'sentinel',
  displayName: 'Microsoft Sentinel',
  auth: { kind: 'bearer' },
  schema: SentinelPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const alert = fromIncident(payload, ctx) ?? fromAlert(payload, ctx);
    if (!alert) throw new NoAlertTitleError('Microsoft Sentinel', LOOKED_FOR);
    return [alert];
  },
};
