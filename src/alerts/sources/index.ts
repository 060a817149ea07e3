import type { AlertSource } from '../alert-source.js';
import { alertmanagerSource } from './alertmanager.js';
import { datadogSource } from './datadog.js';
import { elasticSource } from './elastic.js';
import { falcoSource } from './falco.js';
import { DEFAULT_GENERIC_MAPPING, genericSource, type GenericMapping } from './generic.js';
import { grafanaSource } from './grafana.js';
import { guarddutySource } from './guardduty.js';
import { pagerdutySource } from './pagerduty.js';
import { sentinelSource } from './sentinel.js';
import { sentrySource } from './sentry.js';
import { splunkSource } from './splunk.js';
import { wazuhSource } from './wazuh.js';

/** Every source id, for config validation (`WEBHOOK_SECRET_<ID>`) and the 404 message. */
export const ALERT_SOURCE_IDS = [
  'alertmanager',
  'grafana',
  'datadog',
  'sentry',
  'pagerduty',
  'guardduty',
  'elastic',
  'splunk',
  'sentinel',
  'wazuh',
  'falco',
  'generic',
] as const;
export type AlertSourceId = (typeof ALERT_SOURCE_IDS)[number];

/** The sources by id; `generic` uses the configured field mapping. */
export function alertSources(genericMapping: GenericMapping = DEFAULT_GENERIC_MAPPING): Map<string, AlertSource> {
  const all: AlertSource[] = [
    alertmanagerSource,
    grafanaSource,
    datadogSource,
    sentrySource,
    pagerdutySource,
    guarddutySource,
    elasticSource,
    splunkSource,
    sentinelSource,
    wazuhSource,
    falcoSource,
    genericSource(genericMapping),
  ] as AlertSource[];
  return new Map(all.map((s) => [s.id, s]));
}
