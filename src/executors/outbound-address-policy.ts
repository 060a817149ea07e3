import { BlockList, isIP } from 'node:net';

/**
 * Which addresses an outbound call may reach (OWASP SSRF prevention): never loopback, RFC 1918 private, CGNAT,
 * link-local (169.254.169.254 is the cloud metadata service), multicast, reserved, or IPv6 local ranges — unless an
 * operator lists a private range their executor legitimately lives in. Link-local and metadata stay refused always.
 */
const BLOCKED: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'this network'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'CGNAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'unique local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];
const NEVER: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
];

function listOf(ranges: Array<[string, number, 'ipv4' | 'ipv6', string]>): Array<{ list: BlockList; why: string }> {
  return ranges.map(([address, prefix, family, why]) => {
    const list = new BlockList();
    list.addSubnet(address, prefix, family);
    return { list, why };
  });
}

export interface AddressPolicy {
  /** Null if the address may be called, else why not. */
  refuse(address: string): string | null;
}

export function outboundAddressPolicy(allowCidrs: readonly string[] = []): AddressPolicy {
  const blocked = listOf(BLOCKED);
  const never = listOf(NEVER);
  const allowed = new BlockList();
  for (const cidr of allowCidrs) {
    const [address = '', prefix] = cidr.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    allowed.addSubnet(address, Number(prefix ?? (family === 'ipv6' ? 128 : 32)), family);
  }
  return {
    refuse(raw) {
      // IPv4-mapped IPv6 (::ffff:127.0.0.1) is checked as the IPv4 address it is.
      const address = raw.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
      const kind = isIP(address);
      if (kind === 0) return `${raw} is not an IP address`;
      const family = kind === 6 ? 'ipv6' : 'ipv4';
      const hit = never.find((r) => r.list.check(address, family));
      if (hit) return `${address} is ${hit.why}`;
      if (allowed.check(address, family)) return null;
      const block = blocked.find((r) => r.list.check(address, family));
      return block ? `${address} is ${block.why} (list it in WARROOM_EXECUTOR_ALLOW_CIDRS if your executor really lives there)` : null;
    },
  };
}
