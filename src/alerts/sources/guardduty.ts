import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, safeLinks, severityFromScore, toIsoUtc } from '../alert-mapping-helpers.js';
import type { NormalizedAlert } from '../normalized-alert.js';

/**
 * Amazon GuardDuty finding as an EventBridge event. Shape: the EventBridge envelope from "Processing GuardDuty findings
 * with Amazon EventBridge" (docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html) whose `detail`
 * is the finding JSON (camelCase, as in the GetFindings `Finding` object, docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html).
 * Delivered by an EventBridge rule (`source: aws.guardduty`, `detail-type: GuardDuty Finding`) targeting an API
 * destination, whose connection sets `Authorization: Bearer <secret>`, hence bearer auth.
 */
const RemoteIp = z.object({ ipAddressV4: z.string().optional() });

const GuardDutyPayload = z.object({
  version: z.literal('0'),
  id: z.string(),
  'detail-type': z.literal('GuardDuty Finding'),
  source: z.literal('aws.guardduty'),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.object({
    schemaVersion: z.string(),
    accountId: z.string(),
    region: z.string(),
    partition: z.string(),
    id: z.string().min(1).max(255),
    arn: z.string(),
    type: z.string(),
    resource: z.object({
      resourceType: z.string(),
      instanceDetails: z
        .object({
          instanceId: z.string().optional(),
          networkInterfaces: z
            .array(
              z.object({
                privateDnsName: z.string().optional(),
                privateIpAddress: z.string().optional(),
                publicIp: z.string().optional(),
              }),
            )
            .optional(),
          tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
        })
        .optional(),
      accessKeyDetails: z
        .object({ accessKeyId: z.string(), principalId: z.string(), userName: z.string(), userType: z.string() })
        .optional(),
      // Non-EC2 findings name their resource by ARN; only the ARN is read.
      s3BucketDetails: z.array(z.object({ arn: z.string().optional() })).optional(),
      eksClusterDetails: z.object({ arn: z.string().optional() }).optional(),
      ecsClusterDetails: z.object({ arn: z.string().optional() }).optional(),
      lambdaDetails: z.object({ functionArn: z.string().optional() }).optional(),
      rdsDbInstanceDetails: z.object({ dbInstanceArn: z.string().optional() }).optional(),
    }),
    service: z.object({
      serviceName: z.string(),
      detectorId: z.string(),
      action: z
        .object({
          actionType: z.string().optional(),
          networkConnectionAction: z.object({ remoteIpDetails: RemoteIp.optional() }).optional(),
          awsApiCallAction: z.object({ remoteIpDetails: RemoteIp.optional() }).optional(),
        })
        .optional(),
      resourceRole: z.string().optional(),
      count: z.number().int().nonnegative(),
      eventFirstSeen: z.string(),
      eventLastSeen: z.string(),
      archived: z.boolean(),
      additionalInfo: z.record(z.string(), z.unknown()).optional(),
    }),
    severity: z.number().min(0).max(10),
    createdAt: z.string(),
    updatedAt: z.string(),
    title: z.string().min(1),
    description: z.string(),
  }),
});
type GuardDutyPayload = z.infer<typeof GuardDutyPayload>;

/** Vendor strings have no length limit; NormalizedAlert's do, and one long value must not lose the whole alert. */
const fit = (value: string | null | undefined, max: number): string | null => (value ? clip(value, max) : null);

/** AWS's documented bands: Critical 9.0–10.0, High 7.0–8.9, Medium 4.0–6.9, Low 1.0–3.9 (lower values are unused). */
const BANDS: Array<[number, NormalizedAlert['severity']]> = [
  [9, 'critical'],
  [7, 'high'],
  [4, 'medium'],
  [1, 'low'],
];

export const guarddutySource: AlertSource<GuardDutyPayload> = {
  id: 'guardduty',
  displayName: 'Amazon GuardDuty',
  auth: { kind: 'bearer' },
  schema: GuardDutyPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const f = payload.detail;
    const r = f.resource;
    const nic = r.instanceDetails?.networkInterfaces?.[0];
    const tag = (...keys: string[]): string | undefined => r.instanceDetails?.tags?.find((t) => keys.includes(t.key))?.value;
    const remoteIp = f.service.action?.networkConnectionAction?.remoteIpDetails?.ipAddressV4 ?? f.service.action?.awsApiCallAction?.remoteIpDetails?.ipAddressV4;
    const labels: Record<string, string> = {
      finding_type: f.type,
      account: f.accountId,
      region: f.region,
      resource_type: r.resourceType,
      // The score keeps the nuance the band drops (8.9 vs 7.0), and count shows how often GuardDuty saw it again.
      severity_score: String(f.severity),
      count: String(f.service.count),
    };
    if (f.service.resourceRole) labels.resource_role = f.service.resourceRole;
    if (remoteIp) labels.remote_ip = remoteIp;
    const archived = f.service.archived;
    return [
      {
        source: 'guardduty',
        externalId: f.id,
        // GuardDuty updates one finding in place (count, eventLastSeen) rather than raising a new one: its id is the identity.
        fingerprint: f.id,
        title: clip(f.title, 300),
        description: f.description ? clip(f.description, 10_000) : null,
        severity: severityFromScore(f.severity, BANDS),
        status: archived ? 'resolved' : 'firing',
        service: fit(tag('service', 'Service'), 200),
        asset: {
          host: fit(tag('Name') ?? nic?.privateDnsName, 255),
          ip: nic?.privateIpAddress ?? null,
          cloudResource:
            r.instanceDetails?.instanceId ??
            r.s3BucketDetails?.[0]?.arn ??
            r.eksClusterDetails?.arn ??
            r.ecsClusterDetails?.arn ??
            r.lambdaDetails?.functionArn ??
            r.rdsDbInstanceDetails?.dbInstanceArn ??
            payload.resources[0] ??
            null,
          user: r.accessKeyDetails?.userName ?? null,
        },
        labels,
        links: safeLinks([
          {
            title: 'GuardDuty console',
            // The console only exists at this address in the commercial partition (aws-cn / aws-us-gov differ).
            url:
              f.partition === 'aws'
                ? `https://${f.region}.console.aws.amazon.com/guardduty/home?region=${f.region}#/findings?macros=current&fId=${encodeURIComponent(f.id)}`
                : null,
          },
        ]),
        startsAt: toIsoUtc(f.service.eventFirstSeen) ?? toIsoUtc(f.createdAt) ?? ctx.receivedAt.toISOString(),
        // Archiving is the only "closed" GuardDuty knows; updatedAt is when that happened.
        endsAt: archived ? (toIsoUtc(f.updatedAt) ?? ctx.receivedAt.toISOString()) : null,
        attackTechniques: attackTechniquesIn(f.type, f.title, f.description),
      },
    ];
  },
};
