import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

export interface SigningKeys {
  /** The key new access tokens are signed with. */
  privateKey: KeyObject;
  alg: 'EdDSA' | 'RS256';
  kid: string;
  /** Its public half, in PEM: what other services get as JWT_PUBLIC_KEY. */
  publicKeyPem: string;
  /** The JWKS document: the current key plus retired ones whose tokens may still be live. */
  jwks: { keys: JWK[] };
  /** True when the key was made up at boot because none was configured (dev and tests only). */
  ephemeral: boolean;
}

function algorithmOf(key: KeyObject): 'EdDSA' | 'RS256' {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  throw new Error(`JWT signing keys must be Ed25519 or RSA, not ${key.asymmetricKeyType}`);
}

async function publicJwk(key: KeyObject): Promise<JWK & { kid: string }> {
  const alg = algorithmOf(key);
  const jwk = await exportJWK(key);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg, use: 'sig' };
}

function splitPemBlocks(text: string): string[] {
  return text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
}

/**
 * Loads the signing key from config. Without one (only allowed outside production, which the
 * config schema enforces) a throwaway key is generated and `ephemeral` is set so the caller can
 * warn loudly: tokens will not survive a restart and other services cannot verify them.
 */
export async function loadSigningKeys(
  privateKeyPem: string | undefined,
  previousPublicKeys?: string,
): Promise<SigningKeys> {
  const ephemeral = !privateKeyPem;
  const privateKey = privateKeyPem
    ? createPrivateKey(privateKeyPem)
    : generateKeyPairSync('ed25519').privateKey;
  const publicKey = createPublicKey(privateKey);
  const current = await publicJwk(publicKey);
  const retired = await Promise.all(
    splitPemBlocks(previousPublicKeys ?? '').map((block) => publicJwk(createPublicKey(block))),
  );
  return {
    privateKey,
    alg: algorithmOf(privateKey),
    kid: current.kid,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    jwks: { keys: [current, ...retired.filter((key) => key.kid !== current.kid)] },
    ephemeral,
  };
}
