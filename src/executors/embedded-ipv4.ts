import ipaddr from 'ipaddr.js';

export interface EmbeddedIpv4 {
  /** Which IPv6 form carries it, for the refusal message. */
  form: string;
  address: ipaddr.IPv4;
  /** One of several places the IPv4 may sit (local-use NAT64): which one is real depends on the gateway. */
  ambiguous?: true;
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
const NAT64_LOCAL_USE = ipaddr.parseCIDR('64:ff9b:1::/48');

const v4 = (bytes: number[]): ipaddr.IPv4 => new ipaddr.IPv4(bytes);

/**
 * The IPv4 addresses an IPv6 address hands traffic to. A host that translates or tunnels these forms (NAT64
 * gateways, 6to4/Teredo relays, dual-stack sockets for ::ffff:0:0/96) really connects to the IPv4 inside, so the
 * policy must judge that address too: 64:ff9b::a9fe:a9fe is the metadata service.
 */
export function embeddedIpv4(address: ipaddr.IPv6): EmbeddedIpv4[] {
  const b = address.toByteArray();
  switch (address.range()) {
    case 'ipv4Mapped':
      return [{ form: 'IPv4-mapped', address: v4(b.slice(12)) }];
    case 'rfc6145':
      return [{ form: 'IPv4-translated', address: v4(b.slice(12)) }];
    case '6to4':
      return [{ form: '6to4', address: v4(b.slice(2, 6)) }];
    case 'teredo':
      // Teredo carries the relay server's address, and the client's public address with every bit flipped.
      return [
        { form: 'Teredo server', address: v4(b.slice(4, 8)) },
        { form: 'Teredo client', address: v4(b.slice(12).map((x) => x ^ 0xff)) },
      ];
    case 'rfc6052':
      if (!address.match(NAT64_LOCAL_USE)) return [{ form: 'NAT64', address: v4(b.slice(12)) }];
      // A local-use NAT64 prefix may be /48, /56, /64 or /96 (RFC 6052 §2.2, byte 8 is skipped): the operator's
      // choice is unknown here, so every place the IPv4 could sit is returned.
      return [
        { form: 'local-use NAT64 /48', address: v4([b[6] ?? 0, b[7] ?? 0, b[9] ?? 0, b[10] ?? 0]), ambiguous: true },
        { form: 'local-use NAT64 /56', address: v4([b[7] ?? 0, ...b.slice(9, 12)]), ambiguous: true },
        { form: 'local-use NAT64 /64', address: v4(b.slice(9, 13)), ambiguous: true },
        { form: 'local-use NAT64 /96', address: v4(b.slice(12)), ambiguous: true },
      ];
    default:
      // The deprecated IPv4-compatible form ::a.b.c.d (:: and ::1 are judged as themselves).
      if (address.match(IPV4_COMPATIBLE) && address.range() === 'unicast')
        return [{ form: 'IPv4-compatible', address: v4(b.slice(12)) }];
      return [];
  }
}
