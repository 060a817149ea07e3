import ipaddr from 'ipaddr.js';
import { embeddedIpv4 } from './embedded-ipv4.js';

/**
 * Which addresses an outbound call may reach (OWASP SSRF prevention). Only ordinary unicast addresses, as ipaddr.js
 * classifies them: loopback, RFC 1918 private, CGNAT, multicast, reserved, documentation, benchmarking and IPv6
 * local ranges are refused unless an operator lists a range their executor legitimately lives in. Link-local
 * (169.254.169.254 is the cloud metadata service) stays refused always. IPv6 forms that embed an IPv4 address
 * (IPv4-mapped/-compatible/-translated, NAT64, 6to4, Teredo) are judged by the IPv4 inside as well; local-use
 * NAT64 (64:ff9b:1::/48) only when listed, since where its IPv4 sits depends on the operator's gateway.
 */
const WHY: Record<string, string> = {
  unspecified: 'this network',
  broadcast: 'broadcast',
  multicast: 'multicast',
  loopback: 'loopback',
  carrierGradeNat: 'CGNAT',
  private: 'private',
  reserved: 'reserved or documentation-only',
  benchmarking: 'benchmarking',
  as112: 'an AS112 DNS sink',
  as112v6: 'an AS112 DNS sink',
  amt: 'AMT relay anycast',
  uniqueLocal: 'unique local',
  deprecatedSiteLocal: 'site-local',
  discard: 'discard-only',
  deprecatedOrchid: 'ORCHID',
  orchid2: 'ORCHID',
  droneRemoteIdProtocolEntityTags: 'drone remote ID tags',
  segmentRouting: 'segment routing',
};
const HINT = ' (list it in WARROOM_EXECUTOR_ALLOW_CIDRS if your executor really lives there)';

export interface AddressPolicy {
  /** Null if the address may be called, else why not. */
  refuse(address: string): string | null;
}

/** True for `10.20.0.0/16`, `fd00::/8` or a single address (a range of one). */
export function isAddressRange(text: string): boolean {
  return ipaddr.isValidCIDR(text) || ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

function parseRange(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (ipaddr.isValidCIDR(text)) return ipaddr.parseCIDR(text);
  const address = ipaddr.parse(text);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

function neverWhy(address: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  if (address.range() !== 'linkLocal') return null;
  return address.kind() === 'ipv4' ? 'link-local (cloud metadata)' : 'link-local';
}

/** Why an address outside the allow-list is refused; null for ordinary unicast. */
function blockedWhy(address: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  const range = address.range();
  return range === 'unicast' ? null : (WHY[range] ?? range);
}

export function outboundAddressPolicy(allowCidrs: readonly string[] = []): AddressPolicy {
  const allowList = allowCidrs.map(parseRange);
  const allowed = (address: ipaddr.IPv4 | ipaddr.IPv6) =>
    allowList.some((range) => range[0].kind() === address.kind() && address.match(range));
  return {
    refuse(raw) {
      if (!ipaddr.isValid(raw)) return `${raw} is not an IP address`;
      const address = ipaddr.parse(raw);
      const embedded = address.kind() === 'ipv6' ? embeddedIpv4(address as ipaddr.IPv6) : [];
      const never = neverWhy(address);
      if (never) return `${raw} is ${never}`;
      for (const inner of embedded) {
        const why = neverWhy(inner.address);
        if (why) return `${raw} embeds ${inner.address.toString()} (${inner.form}), which is ${why}`;
      }
      if (allowed(address)) return null;
      // An embedding form is judged by what it embeds, not by the translation prefix it sits in.
      const own = embedded.length === 0 ? blockedWhy(address) : null;
      if (own) return `${raw} is ${own}${HINT}`;
      // Where the IPv4 sits in 64:ff9b:1::/48 is the gateway's choice: without the operator's word it is not judged.
      if (embedded.some((inner) => inner.ambiguous))
        return `${raw} is local-use NAT64 (64:ff9b:1::/48), whose IPv4 target depends on your gateway${HINT}`;
      for (const inner of embedded) {
        const why = allowed(inner.address) ? null : blockedWhy(inner.address);
        if (why) return `${raw} embeds ${inner.address.toString()} (${inner.form}), which is ${why}${HINT}`;
      }
      return null;
    },
  };
}
