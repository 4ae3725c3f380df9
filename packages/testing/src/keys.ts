import { generateKeyPairSync } from 'node:crypto';

export interface PemKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh Ed25519 signing key pair in PEM, as auth-svc reads it from its Secret. */
export function generateSigningKeyPair(): PemKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
