import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const keyPathsIn = (dataDir: string) => ({
  dir: join(dataDir, 'keys'),
  privateKey: join(dataDir, 'keys', 'jwt-private.pem'),
  publicKey: join(dataDir, 'keys', 'jwt-public.pem'),
});

/** The local signing key pair, created on first use so restarts keep sessions valid. */
export async function ensureSigningKeys(
  dataDir: string,
): Promise<{ privateKeyPem: string; publicKeyPem: string }> {
  const keyPaths = keyPathsIn(dataDir);
  if (!existsSync(keyPaths.privateKey)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    await mkdir(keyPaths.dir, { recursive: true, mode: 0o700 });
    await writeFile(keyPaths.privateKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    await writeFile(keyPaths.publicKey, publicKey.export({ type: 'spki', format: 'pem' }));
    await chmod(keyPaths.privateKey, 0o600);
  }
  return {
    privateKeyPem: await readFile(keyPaths.privateKey, 'utf8'),
    publicKeyPem: await readFile(keyPaths.publicKey, 'utf8'),
  };
}
