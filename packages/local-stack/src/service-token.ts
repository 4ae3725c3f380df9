import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The token services present to each other's /internal routes; made once per data folder. */
export async function ensureServiceToken(dataDir: string): Promise<string> {
  const path = join(dataDir, 'service-token');
  if (!existsSync(path)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return (await readFile(path, 'utf8')).trim();
}
