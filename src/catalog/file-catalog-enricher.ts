import { BlockList, isIP } from 'node:net';
import type { Catalog, CatalogAsset, CatalogService, Enrichment } from '../core/alert/catalog-types.js';
import type { Enricher } from '../core/alert/enricher.js';
import type { NormalizedAlert } from '../core/alert/normalized-alert.js';

/** `web-*.prod.example.com` → anchored, case-insensitive regex; only `*` and `?` are special. */
function globToRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

type AssetMatcher = { asset: CatalogAsset; matches(alert: NormalizedAlert): boolean };

function ipMatcher(spec: string): (ip: string) => boolean {
  // node:net's BlockList does the CIDR arithmetic for IPv4 and IPv6.
  const list = new BlockList();
  const [address = '', prefix] = spec.split('/');
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (prefix !== undefined) list.addSubnet(address, Number(prefix), family);
  else list.addAddress(address, family);
  return (ip) => {
    const kind = isIP(ip);
    return kind !== 0 && list.check(ip, kind === 6 ? 'ipv6' : 'ipv4');
  };
}

function matcherFor(asset: CatalogAsset): AssetMatcher {
  const m = asset.match;
  if ('host' in m) {
    const re = globToRegex(m.host);
    return { asset, matches: (a) => a.asset.host !== null && re.test(a.asset.host) };
  }
  if ('ip' in m) {
    const check = ipMatcher(m.ip);
    return { asset, matches: (a) => [a.asset.ip, a.asset.host].some((v) => v !== null && check(v)) };
  }
  const re = globToRegex(m.cloud_resource);
  return { asset, matches: (a) => a.asset.cloudResource !== null && re.test(a.asset.cloudResource) };
}

/** The default enricher: the catalog file, indexed once. First matching asset wins, in file order. */
export function fileCatalogEnricher(catalog: Catalog): Enricher {
  const byName = new Map<string, CatalogService>();
  for (const service of catalog.services)
    for (const name of [service.id, ...service.aliases]) byName.set(name.toLowerCase(), service);
  const assets = catalog.assets.map(matcherFor);
  const identities = new Map(catalog.identities.map((i) => [i.user.toLowerCase(), i]));
  return {
    name: 'file-catalog',
    async enrich(alert): Promise<Enrichment> {
      const asset = assets.find((m) => m.matches(alert))?.asset ?? null;
      const service =
        (asset?.service ? byName.get(asset.service.toLowerCase()) : undefined) ??
        (alert.service ? byName.get(alert.service.toLowerCase()) : undefined) ??
        null;
      const identity = alert.asset.user ? (identities.get(alert.asset.user.toLowerCase()) ?? null) : null;
      return {
        service,
        asset,
        identity,
        tier: asset?.criticality ?? service?.tier ?? null,
        environment: asset?.environment ?? null,
        owner: asset?.owner ?? service?.owner_team ?? null,
      };
    },
  };
}
