// `pnpm keys`: creates the local JWT signing key pair in .data/keys (git-ignored) unless it exists.
// auth-svc signs with the private key; every other service verifies with the public one.
// In K3s the same pair lives in a Secret (see secrets.example.sh); never commit either file.
import { existsSync } from 'node:fs';
import { loadConfig } from '@perplexica/config';
import { ensureSigningKeys, keyPathsIn, localStackEnv } from '@perplexica/local-stack';

const { PERPLEXICA_DATA_DIR } = loadConfig(localStackEnv, process.env);
const keyPaths = keyPathsIn(PERPLEXICA_DATA_DIR);
const existed = existsSync(keyPaths.privateKey);
await ensureSigningKeys(PERPLEXICA_DATA_DIR);
console.log(
  existed ? `Keys already exist in ${keyPaths.dir}` : `Created an Ed25519 key pair in ${keyPaths.dir}`,
);
