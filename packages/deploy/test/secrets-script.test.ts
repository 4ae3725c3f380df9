import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namespaces, repoRoot } from '../src/index.ts';
import { kustomize } from './render.ts';

// secrets.example.sh runs against a stand-in for the cluster's API: `kubectl create …
// --dry-run=client` is the real kubectl (it needs no server), while `apply -f -` and `get secret`
// are answered from a folder, so the script runs end to end here and can be run twice.
let work: string;
let store: string;
let path: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'secrets-script-'));
  store = join(work, 'store');
  execFileSync('mkdir', ['-p', store, join(work, 'bin')]);
  const realKubectl = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  const yamlModule = import.meta.resolve('yaml');
  writeFileSync(
    join(work, 'bin', 'kubectl'),
    `#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parse } from ${JSON.stringify(yamlModule)};
const args = process.argv.slice(2);
const store = ${JSON.stringify(store)};
if (args[0] === 'create') {
  process.stdout.write(execFileSync(${JSON.stringify(realKubectl)}, args));
} else if (args[0] === 'apply') {
  const object = parse(readFileSync(0, 'utf8'));
  const file = store + '/' + (object.metadata.namespace ?? '_') + '__' + object.kind + '__' + object.metadata.name + '.json';
  writeFileSync(file, JSON.stringify(object));
} else if (args[0] === 'get' && args[1] === 'secret') {
  const namespace = args[args.indexOf('-n') + 1];
  const file = store + '/' + namespace + '__Secret__' + args[2] + '.json';
  if (!existsSync(file)) { process.stderr.write('not found'); process.exit(1); }
  const key = args.find((a) => a.startsWith('jsonpath=')).replace('jsonpath={.data.', '').replace('}', '');
  process.stdout.write(JSON.parse(readFileSync(file, 'utf8')).data?.[key] ?? '');
} else {
  process.stderr.write('unexpected: ' + args.join(' '));
  process.exit(2);
}
`,
  );
  chmodSync(join(work, 'bin', 'kubectl'), 0o755);
  path = `${join(work, 'bin')}:${process.env.PATH}`;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (env: Record<string, string> = {}) =>
  execFileSync('bash', [join(repoRoot, 'secrets.example.sh')], {
    env: { ...process.env, PATH: path, ...env },
    encoding: 'utf8',
  });

function secrets(): Map<string, Record<string, string>> {
  const found = new Map<string, Record<string, string>>();
  for (const file of readdirSync(store)) {
    const object = JSON.parse(readFileSync(join(store, file), 'utf8'));
    if (object.kind !== 'Secret') continue;
    const data = Object.fromEntries(
      Object.entries(object.data ?? {}).map(([key, value]) => [
        key,
        Buffer.from(value as string, 'base64').toString(),
      ]),
    );
    found.set(`${object.metadata.namespace}/${object.metadata.name}`, data);
  }
  return found;
}

describe('secrets.example.sh', () => {
  it('creates every Secret the manifests read, with working generated keys', () => {
    const output = run({ OPENAI_API_KEY: 'sk-test-placeholder' });
    expect(output).toContain('All Secrets are in place');
    const created = secrets();
    // Every secretKeyRef of the rendered manifests is satisfied.
    const missing: string[] = [];
    const walk = (value: unknown, namespace: string) => {
      if (Array.isArray(value)) for (const item of value) walk(item, namespace);
      else if (value && typeof value === 'object') {
        const ref = (value as { secretKeyRef?: { name: string; key: string } }).secretKeyRef;
        if (ref && !(ref.key in (created.get(`${namespace}/${ref.name}`) ?? {})))
          missing.push(`${namespace}/${ref.name}/${ref.key}`);
        for (const child of Object.values(value)) walk(child, namespace);
      }
    };
    for (const object of kustomize('k3s')) walk(object, object.metadata.namespace);
    expect(missing).toEqual([]);

    // The signing pair is a real Ed25519 pair, and the services get its public half.
    const auth = created.get(`${namespaces.auth}/auth-secrets`) as Record<string, string>;
    const publicFromPrivate = createPublicKey(createPrivateKey(auth.jwt_private_key as string)).export({
      type: 'spki',
      format: 'pem',
    });
    expect(createPrivateKey(auth.jwt_private_key as string).asymmetricKeyType).toBe('ed25519');
    expect(created.get(`${namespaces.app}/jwt-public-key`)?.public_key?.trim()).toBe(
      String(publicFromPrivate).trim(),
    );
    // VAPID keys as web-push wants them: a 32-byte scalar and a 65-byte uncompressed point.
    const vapid = created.get(`${namespaces.app}/notifications-secrets`) as Record<string, string>;
    expect(Buffer.from(vapid.vapid_private_key as string, 'base64url').length).toBe(32);
    expect(Buffer.from(vapid.vapid_public_key as string, 'base64url')[0]).toBe(4);
    expect(Buffer.from(vapid.vapid_public_key as string, 'base64url').length).toBe(65);
    // Both application namespaces reach the same database with the infra namespace's password.
    const password = created.get(`${namespaces.infra}/db-credentials`)?.password as string;
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(created.get(`${namespaces.app}/db-credentials`)?.url).toContain(
      `:${password}@postgres.${namespaces.infra}`,
    );
    expect(created.get(`${namespaces.auth}/db-credentials`)?.url).toBe(
      created.get(`${namespaces.app}/db-credentials`)?.url,
    );
    expect(created.get(`${namespaces.app}/llm-credentials`)?.openai_api_key).toBe('sk-test-placeholder');
    // A TLS Secret in each routing namespace (the infrastructure one routes presigned downloads).
    const tls = readdirSync(store).filter((file) => file.includes('__Secret__perplexica-tls'));
    expect(tls.length).toBe(3);
    const tlsSecret = JSON.parse(readFileSync(join(store, tls[0] as string), 'utf8'));
    expect(tlsSecret.type).toBe('kubernetes.io/tls');
  });

  it('run again, keeps every password and key it made (nothing is locked out)', () => {
    const before = secrets();
    run();
    const after = secrets();
    for (const name of [
      `${namespaces.infra}/db-credentials`,
      `${namespaces.app}/service-token`,
      `${namespaces.auth}/auth-secrets`,
      `${namespaces.app}/notifications-secrets`,
      `${namespaces.infra}/minio-credentials`,
    ]) {
      expect(after.get(name), name).toEqual(before.get(name));
    }
    // A value given again is kept too; it is not replaced by a placeholder.
    expect(after.get(`${namespaces.app}/llm-credentials`)?.openai_api_key).toBe('sk-test-placeholder');
    expect(after.get(`${namespaces.app}/redis-credentials`)).toEqual(
      before.get(`${namespaces.app}/redis-credentials`),
    );
  });
});
