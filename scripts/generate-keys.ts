// `pnpm keys`: creates the local JWT signing key pair in .data/keys (git-ignored) unless it exists.
// auth-svc signs with the private key; every other service verifies with the public one.
// In K3s the same pair lives in a Secret (see secrets.example.sh); never commit either file.
import { existsSync } from 'node:fs';
import { ensureSigningKeys, keyPaths } from './local/signing-keys.ts';

const existed = existsSync(keyPaths.privateKey);
await ensureSigningKeys();
console.log(
  existed ? `Keys already exist in ${keyPaths.dir}` : `Created an Ed25519 key pair in ${keyPaths.dir}`,
);
