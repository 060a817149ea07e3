/**
 * Checks signatures made by a ManifestSigner, from the public key alone (an auditor's copy needs no private key).
 * src/infra/evidence implements it over node:crypto Ed25519.
 */
export interface SignatureVerifier {
  /** `sha256:<hex>` of the DER public key, as ManifestSigner.fingerprint. */
  readonly fingerprint: string;
  /** Where the public key came from, to name it in messages. */
  readonly source: string;
  verify(bytes: Uint8Array, signature: Uint8Array): boolean;
}
