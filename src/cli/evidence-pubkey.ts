import { loadSigningKey, signingKeyPaths } from '../infra/evidence/signing-key.js';
import type { CliResult } from './cli-result.js';

/** `warroom evidence pubkey`: the key auditors check bundles against, and the fingerprint to publish. */
export function evidencePubkey(dataDir: string): CliResult {
  const key = loadSigningKey(dataDir);
  if (!key) {
    return {
      code: 2,
      stderr: `No evidence signing key at ${signingKeyPaths(dataDir).privateKeyPath}. Start warroom once with DATA_DIR=${dataDir}: the first start creates it.`,
    };
  }
  const stdout = `${key.signer.publicKeyPem.trimEnd()}\nfingerprint ${key.signer.fingerprint}`;
  return key.warnings.length > 0
    ? { code: 0, stdout, stderr: key.warnings.map((w) => `warning: ${w}`).join('\n') }
    : { code: 0, stdout };
}
