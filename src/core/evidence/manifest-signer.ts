/**
 * Signs with the deployment's key: evidence export manifests and timeline checkpoints. src/infra/evidence implements it
 * over node:crypto Ed25519, so the core never handles key material.
 */
export interface ManifestSigner {
  readonly algorithm: 'Ed25519';
  /** SubjectPublicKeyInfo PEM, shipped beside every export. */
  readonly publicKeyPem: string;
  /** `sha256:<hex>` of the DER public key; compare it with the one published out of band. */
  readonly fingerprint: string;
  sign(bytes: Uint8Array): Buffer;
}
