import { describe, expect, it } from 'vitest';
import { isAddressRange, outboundAddressPolicy } from '../../src/executors/outbound-address-policy.js';

const policy = outboundAddressPolicy();

describe('outbound address policy', () => {
  it.each([
    ['127.0.0.1', /^127\.0\.0\.1 is loopback \(list it in WARROOM_EXECUTOR_ALLOW_CIDRS/],
    ['10.1.2.3', /private/],
    ['172.20.0.5', /private/],
    ['192.168.1.1', /private/],
    ['100.64.0.1', /CGNAT/],
    ['169.254.169.254', /^169\.254\.169\.254 is link-local \(cloud metadata\)$/],
    ['0.0.0.0', /this network/],
    ['255.255.255.255', /broadcast/],
    ['224.0.0.1', /multicast/],
    ['240.0.0.1', /reserved/],
    ['198.18.0.1', /reserved/],
    ['::1', /loopback/],
    ['::', /this network/],
    ['fe80::1', /^fe80::1 is link-local$/],
    ['fe80::1%eth0', /link-local/],
    ['fd12:3456::1', /unique local/],
    ['ff02::1', /multicast/],
    ['2001:db8::1', /documentation/],
    ['not-an-address', /is not an IP address/],
  ])('refuses %s', (address, why) => {
    expect(policy.refuse(address)).toMatch(why);
  });

  it('allows public addresses, and operator-listed private ranges, but never link-local/metadata', () => {
    expect(policy.refuse('8.8.8.8')).toBeNull();
    expect(policy.refuse('2606:4700:4700::1111')).toBeNull();
    const internal = outboundAddressPolicy(['10.20.0.0/16', '169.254.0.0/16', 'fd00:1::/32', '192.168.7.7']);
    expect(internal.refuse('10.20.3.4')).toBeNull();
    expect(internal.refuse('10.21.0.1')).toMatch(/private/);
    expect(internal.refuse('fd00:1::5')).toBeNull();
    expect(internal.refuse('192.168.7.7')).toBeNull();
    expect(internal.refuse('192.168.7.8')).toMatch(/private/);
    expect(internal.refuse('169.254.169.254')).toMatch(/metadata/);
  });

  describe('IPv6 forms that embed an IPv4 address are judged by the address inside', () => {
    it.each([
      // [address, embedded form, embedded IPv4, why]
      ['::ffff:127.0.0.1', 'IPv4-mapped', '127.0.0.1', 'loopback'],
      ['::ffff:a00:1', 'IPv4-mapped', '10.0.0.1', 'private'],
      ['::7f00:1', 'IPv4-compatible', '127.0.0.1', 'loopback'],
      // ipaddr.js reads the dotted text form ::a.b.c.d as IPv4-mapped; the address inside is the same.
      ['::127.0.0.1', 'IPv4-mapped', '127.0.0.1', 'loopback'],
      ['::a00:1', 'IPv4-compatible', '10.0.0.1', 'private'],
      ['::ffff:0:7f00:1', 'IPv4-translated', '127.0.0.1', 'loopback'],
      ['::ffff:0:c0a8:101', 'IPv4-translated', '192.168.1.1', 'private'],
      ['64:ff9b::7f00:1', 'NAT64', '127.0.0.1', 'loopback'],
      ['64:ff9b::10.0.0.1', 'NAT64', '10.0.0.1', 'private'],
      ['64:ff9b::6440:1', 'NAT64', '100.64.0.1', 'CGNAT'],
      ['2002:7f00:1::1', '6to4', '127.0.0.1', 'loopback'],
      ['2002:c0a8:101::', '6to4', '192.168.1.1', 'private'],
      // Teredo: server 10.0.0.1; client 127.0.0.1 is stored with every bit flipped (80ff:fffe).
      ['2001:0:a00:1:8000:63bf:f7f7:f7f7', 'Teredo server', '10.0.0.1', 'private'],
      ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo client', '127.0.0.1', 'loopback'],
    ])('refuses %s (%s %s)', (address, form, inner, why) => {
      expect(policy.refuse(address)).toBe(
        `${address} embeds ${inner} (${form}), which is ${why} (list it in WARROOM_EXECUTOR_ALLOW_CIDRS if your executor really lives there)`,
      );
    });

    it.each([
      ['::ffff:169.254.169.254', 'IPv4-mapped'],
      ['::a9fe:a9fe', 'IPv4-compatible'],
      ['::ffff:0:a9fe:a9fe', 'IPv4-translated'],
      ['64:ff9b::169.254.169.254', 'NAT64'],
      ['2002:a9fe:a9fe::', '6to4'],
      ['2001:0:4136:e378:8000:63bf:5601:5601', 'Teredo client'],
    ])('refuses %s (%s of the metadata service) even when everything is listed', (address, form) => {
      const all = outboundAddressPolicy(['0.0.0.0/0', '::/0']);
      expect(all.refuse(address)).toBe(
        `${address} embeds 169.254.169.254 (${form}), which is link-local (cloud metadata)`,
      );
    });

    it.each([
      ['::ffff:8.8.8.8'],
      ['::808:808'],
      ['::ffff:0:808:808'],
      ['64:ff9b::8.8.8.8'],
      ['2002:808:808::1'],
      ['2001:0:4136:e378:8000:63bf:f7f7:f7f7'],
    ])('allows %s (it embeds the public 8.8.8.8)', (address) => {
      expect(policy.refuse(address)).toBeNull();
    });

    it('follows the operator allow-list for the embedded address', () => {
      const internal = outboundAddressPolicy(['10.20.0.0/16']);
      expect(internal.refuse('::ffff:10.20.0.5')).toBeNull();
      expect(internal.refuse('64:ff9b::10.20.0.5')).toBeNull();
      expect(internal.refuse('64:ff9b::10.21.0.5')).toMatch(/embeds 10\.21\.0\.5 \(NAT64\), which is private/);
    });

    it('refuses local-use NAT64 (64:ff9b:1::/48) unless the operator lists it: where its IPv4 sits depends on the gateway', () => {
      expect(policy.refuse('64:ff9b:1:808:8:808:808:808')).toMatch(
        /is local-use NAT64 \(64:ff9b:1::\/48\), whose IPv4 target depends on your gateway/,
      );
      expect(policy.refuse('64:ff9b:1::7f00:1')).toMatch(/local-use NAT64/);
      const listed = outboundAddressPolicy(['64:ff9b:1::/48']);
      expect(listed.refuse('64:ff9b:1::808:808')).toBeNull();
      expect(listed.refuse('64:ff9b:1::a9fe:a9fe')).toMatch(
        /embeds 169\.254\.169\.254 \(local-use NAT64 \/96\), which is link-local/,
      );
    });
  });

  it('accepts address ranges and single addresses in the allow-list, nothing else', () => {
    expect(['10.20.0.0/16', '10.1.2.3', 'fd00::/8', '::1'].map(isAddressRange)).toEqual([true, true, true, true]);
    expect(['not-a-range', '10.0.0.0/33', '0x7f.1', '10.0.0.0/'].map(isAddressRange)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
