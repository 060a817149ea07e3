import { NO_ENRICHMENT, type Enrichment, type Tier } from '../../src/core/alert/catalog-types.js';
import type { NormalizedAlert } from '../../src/core/alert/normalized-alert.js';

/** A normalized alert with sensible defaults; override what the test is about. */
export function makeAlert(
  over: Omit<Partial<NormalizedAlert>, 'asset'> & { asset?: Partial<NormalizedAlert['asset']> } = {},
): NormalizedAlert {
  return {
    source: 'alertmanager',
    externalId: null,
    fingerprint: 'fp-1',
    title: 'Checkout 5xx above 5%',
    description: null,
    severity: 'critical',
    status: 'firing',
    service: 'checkout',
    labels: {},
    links: [],
    startsAt: '2026-11-24T08:59:00.000Z',
    endsAt: null,
    attackTechniques: [],
    ...over,
    asset: { host: null, ip: null, cloudResource: null, user: null, ...over.asset },
  };
}

/** Enrichment that only sets a tier (and optionally on-call users for the sandbox). */
export function tierEnrichment(tier: Tier, sandboxUsers: string[] = []): Enrichment {
  return {
    ...NO_ENRICHMENT,
    tier,
    service: {
      id: 'checkout',
      name: 'Checkout',
      owner_team: 'payments',
      tier,
      aliases: [],
      oncall: { slack_users: [], teams_users: [], sandbox_users: sandboxUsers },
      runbooks: [],
      dependencies: [],
      escalation: [],
    },
  };
}
