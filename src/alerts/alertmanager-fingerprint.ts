const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;
/** prometheus/common model.SeparatorByte: cannot occur in UTF-8, so "a"+"bc" and "ab"+"c" hash differently. */
const SEPARATOR = 0xff;

/**
 * The fingerprint Alertmanager itself gives an alert (prometheus/common `model.LabelSet.Fingerprint`): FNV-1a 64 over
 * the label names in byte order, each name and value followed by the separator byte, printed as 16 hex digits. Older
 * Alertmanager versions and proxies leave `fingerprint` out; computing the same value keeps their alerts the same
 * alerts as the ones newer versions send (a resolve from either matches a firing from the other).
 */
export function alertmanagerFingerprint(labels: Readonly<Record<string, string>>): string {
  // Go sorts label names as byte strings; JS sorts UTF-16 code units, which differs above U+FFFF.
  const names = Object.keys(labels).sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  let hash = FNV64_OFFSET;
  const add = (bytes: Iterable<number>) => {
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * FNV64_PRIME) & MASK64;
  };
  for (const name of names) {
    add(Buffer.from(name, 'utf8'));
    add([SEPARATOR]);
    add(Buffer.from(labels[name] ?? '', 'utf8'));
    add([SEPARATOR]);
  }
  return hash.toString(16).padStart(16, '0');
}
