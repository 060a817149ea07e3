import { z } from 'zod';
import { clip, toIsoUtc } from '../alert-mapping-helpers.js';
import { optionalObject, optionalText } from '../lenient-fields.js';
import type { NormalizedAlert } from '../normalized-alert.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/**
 * GuardDuty's protection-status events (EventBridge reference, "Amazon GuardDuty events"): Runtime Protection
 * Healthy/Unhealthy and Malware Protection Resource Status Active/Warning/Error, plus Post Scan Action Failed. They are
 * not findings and carry no title, type or id, but an unhealthy agent or a protected bucket in error means GuardDuty
 * has gone blind there — worth a line in triage, never a refusal: an EventBridge rule on `source: aws.guardduty` alone
 * (the documented "all events" pattern) sends them to the finding endpoint. The back-to-healthy event resolves it.
 */
export const STATUS_EVENTS: Readonly<Record<string, { condition: string; state: 'firing' | 'resolved' }>> = {
  'GuardDuty Runtime Protection Unhealthy': { condition: 'runtime-protection', state: 'firing' },
  'GuardDuty Runtime Protection Healthy': { condition: 'runtime-protection', state: 'resolved' },
  'GuardDuty Malware Protection Resource Status Warning': { condition: 'malware-protection-resource', state: 'firing' },
  'GuardDuty Malware Protection Resource Status Error': { condition: 'malware-protection-resource', state: 'firing' },
  'GuardDuty Malware Protection Resource Status Active': {
    condition: 'malware-protection-resource',
    state: 'resolved',
  },
  'GuardDuty Malware Protection Post Scan Action Failed': { condition: 'malware-post-scan-action', state: 'firing' },
};

const Named = optionalObject({
  instanceId: optionalText,
  clusterName: optionalText,
  clusterArn: optionalText,
  bucketName: optionalText,
});

/** Only what names the resource and the problem is read; each feature spells its resource differently. */
export const StatusDetail = z.object({
  resourceAccountId: optionalText,
  currentStatus: optionalText,
  previousStatus: optionalText,
  issue: optionalText,
  resourceDetails: optionalObject({
    resourceType: optionalText,
    ec2InstanceDetails: Named,
    eksClusterDetails: Named,
    ecsClusterDetails: Named,
  }),
  s3BucketDetails: Named,
  s3ObjectDetails: Named,
  resourceArn: optionalText,
});
export type StatusDetail = z.infer<typeof StatusDetail>;

export interface StatusEvent {
  detailType: string;
  detail: StatusDetail;
  eventId: string | undefined;
  time: string | undefined;
  account: string | undefined;
  region: string | undefined;
  resources: string[];
}

function resourceOf(event: StatusEvent): string | null {
  const r = event.detail.resourceDetails;
  return (
    r?.ec2InstanceDetails?.instanceId ??
    r?.eksClusterDetails?.clusterName ??
    r?.ecsClusterDetails?.clusterName ??
    r?.ec2InstanceDetails?.clusterArn ??
    event.detail.s3BucketDetails?.bucketName ??
    event.detail.s3ObjectDetails?.bucketName ??
    event.detail.resourceArn ??
    event.resources[0] ??
    null
  );
}

/** One status event as one low alert about its resource; firing and its recovery share a fingerprint. */
export function statusEventAlerts(event: StatusEvent, receivedAt: Date): NormalizedAlert[] {
  const kind = STATUS_EVENTS[event.detailType];
  if (!kind) return [];
  const resource = resourceOf(event);
  const issue = event.detail.issue;
  const title = `${event.detailType}${resource ? `: ${resource}` : ''}${issue && kind.state === 'firing' ? ` (${issue})` : ''}`;
  const labels: Record<string, string> = { event: event.detailType };
  const label = (key: string, value: string | undefined) => {
    if (value) labels[key] = clip(value, 1_000);
  };
  label('resource_type', event.detail.resourceDetails?.resourceType);
  label('current_status', event.detail.currentStatus);
  label('previous_status', event.detail.previousStatus);
  label('account', event.detail.resourceAccountId ?? event.account);
  label('region', event.region);
  const at = toIsoUtc(event.time) ?? receivedAt.toISOString();
  return [
    {
      source: 'guardduty',
      externalId: event.eventId ? clip(event.eventId, 512) : null,
      fingerprint: stableFingerprint('guardduty', {
        condition: kind.condition,
        resource,
        account: labels.account ?? null,
        region: event.region ?? null,
      }),
      title: clip(title, 300),
      description: issue ? clip(issue, 10_000) : null,
      severity: 'low',
      status: kind.state,
      service: null,
      asset: { host: null, ip: null, cloudResource: resource ? clip(resource, 2048) : null, user: null },
      labels,
      links: [],
      startsAt: kind.state === 'firing' ? at : null,
      endsAt: kind.state === 'resolved' ? at : null,
      attackTechniques: [],
    },
  ];
}
