import type { EvidenceExport } from '../../core/evidence/export-evidence.js';

/**
 * VERIFY.md for a bundle: how an auditor checks it with standard tools, away from warroom. Kept beside the code
 * that writes the bundle so the commands and the file names cannot drift apart (a test runs the openssl line).
 */
export function verifyInstructions(
  exp: Pick<EvidenceExport, 'incident' | 'fingerprint' | 'custodyHead'>,
  generatedAt: string,
): string {
  const ref = exp.incident.ref;
  const fingerprintHex = exp.fingerprint.replace(/^sha256:/, '');
  return `# Verifying the ${ref} evidence bundle

Exported by warroom at ${generatedAt}. This folder holds:

- \`manifest.json\` — what was exported: each item's SHA-256, size and metadata; the chain-of-custody log
  (who handled each item, when, with time zone, why, and where it was); the custody chain head; the timeline chain head.
- \`manifest.sig\` (base64) and \`manifest.sig.bin\` (raw 64 bytes) — the Ed25519 signature over the exact bytes of manifest.json.
- \`public-key.pem\` — the warroom deployment's public key, fingerprint \`${exp.fingerprint}\`.
- \`files/<sha256>\` — the evidence items, each file named by its own SHA-256.

## 1. Check that the key is the deployment's

A key shipped inside the bundle proves nothing by itself: anyone can sign with a key of their own. Compare its
fingerprint with one you obtained separately (\`warroom evidence pubkey\` on the warroom host, or the value your
organisation published):

    openssl pkey -pubin -in public-key.pem -outform DER | openssl dgst -sha256

It must end in \`${fingerprintHex}\`.

## 2. Check the signature

    openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig.bin

prints \`Signature Verified Successfully\` (OpenSSL 3.0 or later). Changing any byte of manifest.json makes it fail.

## 3. Check every file against the signed manifest

    jq -r '.items[] | "\\(.sha256)  \\(.file)"' manifest.json | sha256sum -c -

Every line must say \`OK\`. Without jq: \`sha256sum files/*\` and check that each hash printed equals the file's name
and appears under \`items\` in manifest.json.

## 4. Keep the chain heads

\`custody.head\` (${exp.custodyHead}) and \`timeline.head\` in manifest.json are the heads of warroom's hash chains
at export time. Keep them somewhere warroom cannot write (a ticket, an e-mail). Later,
\`warroom evidence verify ${ref} --expect-head ${exp.custodyHead}\` proves the custody log was not cut back or
rewritten since this export.

## 5. Optional: recompute the custody chain from manifest.json alone

Canonical JSON here means: object keys sorted, no whitespace, strings and numbers as JSON.stringify writes them.

- Each item's \`recordDigest\` = sha256 of the canonical JSON of
  \`{collectedAt, collectedBy, description, id, incidentId, kind, mediaType, sha256, size, source, storagePath, tz}\`,
  where \`incidentId\` is \`incident.id\` and \`collectedBy\` and \`source\` are the canonical JSON *text* of those objects.
- Each custody entry's \`hash\` = sha256 of (the canonical JSON of
  \`{action, actor, at, incidentId, itemDigest, itemId, location, purpose, seq, tz}\`, with \`actor\` as canonical JSON
  text) followed by a newline and \`prevHash\`. The first entry's \`prevHash\` is \`custody.genesis\`; each later one is
  the previous entry's \`hash\`; the last \`hash\` is \`custody.head\`. Every entry's \`itemDigest\` equals its item's
  \`recordDigest\`.
`;
}
