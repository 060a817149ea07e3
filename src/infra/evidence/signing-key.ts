import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestSigner } from '../../core/evidence/manifest-signer.js';

export interface SigningKey {
  signer: ManifestSigner;
  privateKeyPath: string;
  publicKeyPath: string;
  /** True when this call generated the key pair. */
  created: boolean;
  /** Things the operator should fix (a private key others can read). */
  warnings: string[];
}

export function signingKeyPaths(dataDir: string): { dir: string; privateKeyPath: string; publicKeyPath: string } {
  const dir = join(dataDir, 'keys');
  return {
    dir,
    privateKeyPath: join(dir, 'evidence-ed25519.pem'),
    publicKeyPath: join(dir, 'evidence-ed25519.pub.pem'),
  };
}

/** `sha256:<hex>` of the DER SubjectPublicKeyInfo — the same as `openssl pkey -pubin -outform DER | openssl dgst -sha256`. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  return `sha256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
}

/**
 * The server calls this at start: the first start generates the deployment's Ed25519 key pair (private key mode
 * 0600, in a 0700 folder); later starts load it. Two processes starting at once cannot both write it: the
 * exclusive create makes the loser load the winner's key.
 */
export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const { dir, privateKeyPath } = signingKeyPaths(dataDir);
  if (!existsSync(privateKeyPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
      return { ...load(dataDir), created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return load(dataDir);
}

/** The existing key, or null when the server has never started with this data directory (operator tools never create it). */
export function loadSigningKey(dataDir: string): SigningKey | null {
  return existsSync(signingKeyPaths(dataDir).privateKeyPath) ? load(dataDir) : null;
}

function load(dataDir: string): SigningKey {
  const { privateKeyPath, publicKeyPath } = signingKeyPaths(dataDir);
  const privateKey = createPrivateKey(readFileSync(privateKeyPath));
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `${privateKeyPath} is a ${privateKey.asymmetricKeyType ?? 'unknown'} key, not Ed25519. Move it away and restart warroom to generate a new evidence key.`,
    );
  }
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = String(publicKey.export({ type: 'spki', format: 'pem' }));
  // The private key is the truth: a missing or mismatched public file is rewritten from it.
  if (!existsSync(publicKeyPath) || readFileSync(publicKeyPath, 'utf8') !== publicKeyPem)
    writeFileSync(publicKeyPath, publicKeyPem, { mode: 0o644 });
  const warnings: string[] = [];
  const mode = statSync(privateKeyPath).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    warnings.push(
      `${privateKeyPath} is readable by others (mode ${mode.toString(8)}); run chmod 600 ${privateKeyPath}`,
    );
  }
  const signer: ManifestSigner = {
    algorithm: 'Ed25519',
    publicKeyPem,
    fingerprint: publicKeyFingerprint(publicKey),
    // Ed25519 hashes internally: node:crypto takes null as the digest.
    sign: (bytes) => sign(null, bytes, privateKey),
  };
  return { signer, privateKeyPath, publicKeyPath, created: false, warnings };
}
