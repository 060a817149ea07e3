import { createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { SignatureVerifier } from '../../core/evidence/signature-verifier.js';
import { publicKeyFingerprint } from './signing-key.js';

/**
 * The verifier for an Ed25519 public key PEM (the deployment's keys/evidence-ed25519.pub.pem, or a copy an auditor
 * was given); null when there is no such file. A file that is not an Ed25519 public key is an error naming the file.
 */
export function loadSignatureVerifier(publicKeyPath: string): SignatureVerifier | null {
  if (!existsSync(publicKeyPath)) return null;
  let key;
  try {
    key = createPublicKey(readFileSync(publicKeyPath));
  } catch {
    throw new Error(`${publicKeyPath} is not a PEM public key. Give the file \`warroom evidence pubkey\` prints.`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${publicKeyPath} is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519.`);
  return {
    fingerprint: publicKeyFingerprint(key),
    source: publicKeyPath,
    // Ed25519 hashes internally: node:crypto takes null as the digest. A malformed signature is simply not valid.
    verify: (bytes, signature) => {
      try {
        return verify(null, bytes, key, signature);
      } catch {
        return false;
      }
    },
  };
}
