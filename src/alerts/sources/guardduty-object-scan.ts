import { z } from 'zod';
import { clip, toIsoUtc } from '../alert-mapping-helpers.js';
import { lenientList, optionalObject, optionalText } from '../lenient-fields.js';
import type { NormalizedAlert } from '../normalized-alert.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/** The EventBridge detail-type of a Malware Protection for S3 scan result. */
export const OBJECT_SCAN_RESULT = 'GuardDuty Malware Protection Object Scan Result';

/**
 * The `detail` of a "GuardDuty Malware Protection Object Scan Result" event (GuardDuty user guide, "Monitoring S3
 * object scans with Amazon EventBridge"): `scanStatus`, `resourceType: S3_OBJECT`, `s3ObjectDetails` (bucketName,
 * objectKey, eTag, versionId) and `scanResultDetails` (scanResultStatus NO_THREATS_FOUND | THREATS_FOUND |
 * UNSUPPORTED | ACCESS_DENIED | FAILED, `threats[].name`). It is not a finding and has no title, type or id; without a
 * GuardDuty detector it is the only word that an uploaded object is malware, so it must not be refused. An EventBridge
 * rule on `source: aws.guardduty` alone (the documented "all events" pattern) delivers it to the finding endpoint.
 */
export const ObjectScanDetail = z.object({
  scanStatus: optionalText,
  s3ObjectDetails: optionalObject({
    bucketName: optionalText,
    objectKey: optionalText,
    eTag: optionalText,
    versionId: optionalText,
  }),
  scanResultDetails: optionalObject({
    scanResultStatus: optionalText,
    threats: lenientList(z.object({ name: optionalText })),
  }),
});
export type ObjectScanDetail = z.infer<typeof ObjectScanDetail>;

export interface ObjectScanEvent {
  detail: ObjectScanDetail;
  eventId: string | undefined;
  time: string | undefined;
  account: string | undefined;
  region: string | undefined;
}

/**
 * A scan result as alerts: malware found is high (someone uploaded it, and what reads the bucket may run it); an
 * object that could not be scanned (access denied, unsupported, failed) is low, so the gap in protection shows in
 * triage; a clean object is nothing wrong and gives no alert.
 */
export function objectScanAlerts(event: ObjectScanEvent, receivedAt: Date): NormalizedAlert[] {
  const { detail } = event;
  const result =
    detail.scanResultDetails?.scanResultStatus?.toUpperCase() ?? detail.scanStatus?.toUpperCase() ?? 'UNKNOWN';
  if (result === 'NO_THREATS_FOUND') return [];
  const object = detail.s3ObjectDetails;
  const where = object?.bucketName ? `s3://${object.bucketName}/${object.objectKey ?? ''}` : 'an S3 object';
  const threats = (detail.scanResultDetails?.threats ?? [])
    .map((t) => t.name)
    .filter((n): n is string => n !== undefined);
  const found = result === 'THREATS_FOUND';
  const title = found
    ? `Malware in ${where}${threats.length ? `: ${threats.join(', ')}` : ''}`
    : `S3 object not scanned for malware (${result}): ${where}`;
  const labels: Record<string, string> = { event: OBJECT_SCAN_RESULT, scan_result: result };
  if (detail.scanStatus) labels.scan_status = detail.scanStatus;
  if (threats.length) labels.threats = clip(threats.join(','), 1_000);
  if (event.account) labels.account = event.account;
  if (event.region) labels.region = event.region;
  return [
    {
      source: 'guardduty',
      externalId: event.eventId ? clip(event.eventId, 512) : null,
      // One object version is one alert: a re-scan of the same version counts up, a new upload is a new alert.
      fingerprint: stableFingerprint('guardduty', {
        event: OBJECT_SCAN_RESULT,
        bucket: object?.bucketName ?? null,
        key: object?.objectKey ?? null,
        version: object?.versionId ?? object?.eTag ?? null,
        result,
      }),
      title: clip(title, 300),
      description: null,
      severity: found ? 'high' : 'low',
      status: 'firing',
      service: null,
      asset: {
        host: null,
        ip: null,
        cloudResource: object?.bucketName
          ? clip(`arn:aws:s3:::${object.bucketName}/${object.objectKey ?? ''}`, 2048)
          : null,
        user: null,
      },
      labels,
      links: [],
      startsAt: toIsoUtc(event.time) ?? receivedAt.toISOString(),
      endsAt: null,
      attackTechniques: [],
    },
  ];
}
