import { join } from 'node:path';

/** Repository root and the git-ignored directory where the local stack keeps its state. */
export const repoRoot = join(import.meta.dirname, '..', '..');
export const dataDir = join(repoRoot, '.data');
