import type { NormalizedAlert } from './normalized-alert.js';
import type { Enrichment } from './catalog-types.js';

/** Looks an alert up in a service/asset catalog. The file catalog is the default; a real CMDB can implement this. */
export interface Enricher {
  readonly name: string;
  enrich(alert: NormalizedAlert): Promise<Enrichment>;
}
