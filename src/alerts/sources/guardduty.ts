import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import {
  attackTechniquesIn,
  clip,
  mapSeverity,
  safeLinks,
  severityFromScore,
  toIsoUtc,
} from '../alert-mapping-helpers.js';
import {
  anyObject,
  lenientList,
  optionalBoolean,
  optionalCount,
  optionalObject,
  optionalText,
  optionalTime,
  numberOf,
  textList,
} from '../lenient-fields.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import { stableFingerprint } from '../stable-fingerprint.js';
import {
  OBJECT_SCAN_RESULT,
  ObjectScanDetail,
  objectScanAlerts,
  type ObjectScanEvent,
} from './guardduty-object-scan.js';
import { STATUS_EVENTS, StatusDetail, statusEventAlerts, type StatusEvent } from './guardduty-status-event.js';

/**
 * Amazon GuardDuty finding as an EventBridge event (formerly CloudWatch Events; same envelope since 2018). Shape: the
 * envelope from "Processing GuardDuty findings with Amazon EventBridge" (docs.aws.amazon.com/guardduty/latest/ug/
 * guardduty_findings_eventbridge.html) whose `detail` is the finding JSON (camelCase, as in the GetFindings `Finding`
 * object, schemaVersion "2.0"). Delivered by an EventBridge rule (`source: aws.guardduty`, `detail-type: GuardDuty
 * Finding`) targeting an API destination whose connection sets `Authorization: Bearer <secret>`, hence bearer auth.
 *
 * Every field is optional: findings differ by feature (a Runtime Monitoring or EKS finding has no `action` and no
 * `resourceRole`; an access-key finding no instance), and a target with input path `$.detail` posts the bare finding
 * without the envelope. Only a title, a finding type or a finding id is needed to say what is wrong.
 * The other events GuardDuty sends that say something is wrong are mapped beside it: a Malware Protection for S3 scan
 * result by guardduty-object-scan.ts, protection-status changes (an unhealthy runtime agent…) by guardduty-status-event.ts.
 */
const RemoteIp = optionalObject({ ipAddressV4: optionalText });

const Finding = z.object({
  accountId: optionalText,
  region: optionalText,
  partition: optionalText,
  id: optionalText,
  arn: optionalText,
  type: optionalText,
  resource: optionalObject({
    resourceType: optionalText,
    instanceDetails: optionalObject({
      instanceId: optionalText,
      networkInterfaces: lenientList(z.object({ privateDnsName: optionalText, privateIpAddress: optionalText })),
      tags: lenientList(z.object({ key: optionalText, value: optionalText })),
    }),
    accessKeyDetails: optionalObject({ userName: optionalText }),
    // Non-EC2 findings name their resource by ARN; only the ARN is read.
    s3BucketDetails: lenientList(z.object({ arn: optionalText })),
    eksClusterDetails: optionalObject({
      arn: optionalText,
      tags: lenientList(z.object({ key: optionalText, value: optionalText })),
    }),
    ecsClusterDetails: optionalObject({ arn: optionalText }),
    lambdaDetails: optionalObject({ functionArn: optionalText }),
    rdsDbInstanceDetails: optionalObject({ dbInstanceArn: optionalText }),
    kubernetesDetails: optionalObject({
      kubernetesWorkloadDetails: optionalObject({ name: optionalText, namespace: optionalText }),
    }),
  }),
  service: optionalObject({
    action: optionalObject({
      networkConnectionAction: optionalObject({ remoteIpDetails: RemoteIp }),
      awsApiCallAction: optionalObject({ remoteIpDetails: RemoteIp }),
      portProbeAction: optionalObject({ portProbeDetails: lenientList(z.object({ remoteIpDetails: RemoteIp })) }),
    }),
    resourceRole: optionalText,
    featureName: optionalText,
    count: optionalCount,
    eventFirstSeen: optionalTime,
    archived: optionalBoolean,
    // Findings made by "Generate sample findings" (CreateSampleFindings) carry additionalInfo.sample = true.
    additionalInfo: optionalObject({ sample: optionalBoolean }),
  }),
  // A number on the 1–10 scale, or a string holding one; a band word ("High") is read as the band.
  severity: optionalText,
  createdAt: optionalTime,
  updatedAt: optionalTime,
  title: optionalText,
  description: optionalText,
});

const Envelope = z.object({
  resources: textList,
  'detail-type': optionalText,
  id: optionalText,
  time: optionalText,
  account: optionalText,
  region: optionalText,
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const GuardDutyPayload = anyObject.transform((body) => {
  const envelope = Envelope.parse(body);
  const scan: ObjectScanEvent | null =
    envelope['detail-type'] === OBJECT_SCAN_RESULT && isRecord(body.detail)
      ? {
          detail: ObjectScanDetail.parse(body.detail),
          eventId: envelope.id,
          time: envelope.time,
          account: envelope.account,
          region: envelope.region,
        }
      : null;
  const detailType = envelope['detail-type'];
  const status: StatusEvent | null =
    detailType !== undefined && Object.hasOwn(STATUS_EVENTS, detailType) && isRecord(body.detail)
      ? {
          detailType,
          detail: StatusDetail.parse(body.detail),
          eventId: envelope.id,
          time: envelope.time,
          account: envelope.account,
          region: envelope.region,
          resources: envelope.resources,
        }
      : null;
  return {
    resources: envelope.resources,
    status,
    // The whole event, or the bare finding when the target's input path is $.detail.
    finding: Finding.parse(isRecord(body.detail) ? body.detail : body),
    scan,
  };
});
type GuardDutyPayload = z.infer<typeof GuardDutyPayload>;

/** What a body needs for an alert; the 422 names these. */
const LOOKED_FOR = ['detail.title', 'detail.type', 'detail.id'];

/** Vendor strings have no length limit; NormalizedAlert's do, and one long value must not lose the whole alert. */
const fit = (value: string | null | undefined, max: number): string | null => (value ? clip(value, max) : null);

/** AWS's documented bands: Critical 9.0–10.0, High 7.0–8.9, Medium 4.0–6.9, Low 1.0–3.9 (lower values are unused). */
const BANDS: Array<[number, AlertSeverity]> = [
  [9, 'critical'],
  [7, 'high'],
  [4, 'medium'],
  [1, 'low'],
];

/** The region goes into the console's host name, so only a real region name may (us-east-1, ap-southeast-2). */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A finding without a usable score is not assumed harmless. */
function severityOf(severity: string | undefined): AlertSeverity {
  const score = numberOf(severity);
  return score === undefined ? mapSeverity(severity, {}, 'medium') : severityFromScore(score, BANDS);
}

export const guarddutySource: AlertSource<GuardDutyPayload> = {
  id: 'guardduty',
  displayName: 'Amazon GuardDuty',
  auth: { kind: 'bearer' },
  schema: GuardDutyPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    if (payload.scan) return objectScanAlerts(payload.scan, ctx.receivedAt);
    if (payload.status) return statusEventAlerts(payload.status, ctx.receivedAt);
    const f = payload.finding;
    const r = f.resource;
    const s = f.service;
    const rawTitle = f.title ?? f.type ?? (f.id ? `GuardDuty finding ${f.id}` : undefined);
    if (!rawTitle) throw new NoAlertTitleError('Amazon GuardDuty', LOOKED_FOR);
    const nic = r?.instanceDetails?.networkInterfaces[0];
    // The instance's tags, or (EKS findings) the cluster's.
    const tags = [...(r?.instanceDetails?.tags ?? []), ...(r?.eksClusterDetails?.tags ?? [])];
    const tag = (...keys: string[]): string | undefined =>
      tags.find((t) => t.key !== undefined && keys.includes(t.key))?.value;
    const action = s?.action;
    const remoteIp =
      action?.networkConnectionAction?.remoteIpDetails?.ipAddressV4 ??
      action?.awsApiCallAction?.remoteIpDetails?.ipAddressV4 ??
      action?.portProbeAction?.portProbeDetails.find((p) => p.remoteIpDetails?.ipAddressV4)?.remoteIpDetails
        ?.ipAddressV4;
    // A sample is AWS showing what a finding looks like: it belongs in triage, visibly marked, never in a war room.
    const sample = s?.additionalInfo?.sample === true;
    const labels: Record<string, string> = {};
    const label = (key: string, value: string | number | undefined) => {
      if (value !== undefined) labels[key] = String(value);
    };
    label('finding_type', f.type);
    label('account', f.accountId);
    label('region', f.region);
    label('resource_type', r?.resourceType);
    // The score keeps the nuance the band drops (8.9 vs 7.0), and count shows how often GuardDuty saw it again.
    label('severity_score', f.severity);
    label('count', s?.count);
    label('resource_role', s?.resourceRole);
    label('feature', s?.featureName);
    label('remote_ip', remoteIp);
    if (sample) labels.sample = 'true';
    const archived = s?.archived === true;
    const workload = r?.kubernetesDetails?.kubernetesWorkloadDetails;
    return [
      {
        source: 'guardduty',
        externalId: fit(f.id ?? f.arn, 512),
        // GuardDuty updates one finding in place (count, eventLastSeen) rather than raising a new one: its id is the identity.
        fingerprint:
          fit(f.id, 255) ??
          stableFingerprint('guardduty', {
            arn: f.arn ?? null,
            type: f.type ?? null,
            title: f.title ?? null,
            account: f.accountId ?? null,
            region: f.region ?? null,
          }),
        title: clip(sample && !/^\[SAMPLE\]/i.test(rawTitle) ? `[SAMPLE] ${rawTitle}` : rawTitle, 300),
        description: fit(f.description, 10_000),
        severity: sample ? 'info' : severityOf(f.severity),
        status: archived ? 'resolved' : 'firing',
        service: fit(tag('service', 'Service'), 200),
        asset: {
          host: fit(tag('Name') ?? nic?.privateDnsName, 255),
          ip: fit(nic?.privateIpAddress, 64),
          cloudResource: fit(
            // A pod is what a Kubernetes finding is about; the node it ran on is the host.
            (workload?.name ? `${workload.namespace ?? 'default'}/${workload.name}` : undefined) ??
              r?.instanceDetails?.instanceId ??
              r?.s3BucketDetails[0]?.arn ??
              r?.eksClusterDetails?.arn ??
              r?.ecsClusterDetails?.arn ??
              r?.lambdaDetails?.functionArn ??
              r?.rdsDbInstanceDetails?.dbInstanceArn ??
              payload.resources[0],
            2048,
          ),
          user: fit(r?.accessKeyDetails?.userName, 255),
        },
        labels,
        links: safeLinks([
          {
            title: 'GuardDuty console',
            // The console only exists at this address in the commercial partition (aws-cn / aws-us-gov differ).
            url:
              f.id && f.region && AWS_REGION.test(f.region) && (f.partition ?? 'aws') === 'aws'
                ? `https://${f.region}.console.aws.amazon.com/guardduty/home?region=${f.region}#/findings?macros=current&fId=${encodeURIComponent(f.id)}`
                : null,
          },
        ]),
        startsAt: toIsoUtc(s?.eventFirstSeen) ?? toIsoUtc(f.createdAt) ?? ctx.receivedAt.toISOString(),
        // Archiving is the only "closed" GuardDuty knows; updatedAt is when that happened.
        endsAt: archived ? (toIsoUtc(f.updatedAt) ?? ctx.receivedAt.toISOString()) : null,
        attackTechniques: attackTechniquesIn(f.type, f.title, f.description),
      },
    ];
  },
};
