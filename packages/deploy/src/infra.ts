import { type InfraComponent, infra, labels, namespaces, selectorOf } from './cluster.ts';
import type { K8sObject } from './workloads.ts';

const namespace = namespaces.infra;

const secretEnv = (name: string, secret: string, key: string) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

const hardened = (uid: number, readOnly: boolean) => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: readOnly,
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: uid,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
});

function services(component: InfraComponent): K8sObject[] {
  const base = { namespace, labels: labels(component.name, component.component) };
  const ports = [{ name: 'tcp', port: component.port, targetPort: component.port, protocol: 'TCP' }];
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: component.name, ...base },
      spec: { selector: selectorOf(component.name), ports },
    },
  ];
}

/** A single-replica StatefulSet with one volume on K3s's local-path storage. */
function statefulSet(
  component: InfraComponent,
  options: {
    uid: number;
    storage: string;
    mountPath: string;
    env: K8sObject[];
    args?: string[];
    command?: string[];
    probe: K8sObject;
    writable?: Array<{ name: string; mountPath: string }>;
    resources: K8sObject;
  },
): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: component.name, namespace, labels: labels(component.name, component.component) },
    spec: {
      serviceName: component.name,
      replicas: 1,
      selector: { matchLabels: selectorOf(component.name) },
      template: {
        metadata: { labels: labels(component.name, component.component) },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 60,
          securityContext: { fsGroup: options.uid, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: component.name,
              image: component.image,
              ...(options.command ? { command: options.command } : {}),
              ...(options.args ? { args: options.args } : {}),
              ports: [{ name: 'tcp', containerPort: component.port, protocol: 'TCP' }],
              env: options.env,
              resources: options.resources,
              securityContext: hardened(options.uid, true),
              readinessProbe: { ...options.probe, periodSeconds: 10, timeoutSeconds: 5 },
              livenessProbe: { ...options.probe, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
              volumeMounts: [
                { name: 'data', mountPath: options.mountPath },
                ...(options.writable ?? []).map(({ name, mountPath }) => ({ name, mountPath })),
              ],
            },
          ],
          volumes: (options.writable ?? []).map(({ name }) => ({ name, emptyDir: {} })),
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: 'local-path',
            resources: { requests: { storage: options.storage } },
          },
        },
      ],
    },
  };
}

function postgres(): K8sObject[] {
  return [
    statefulSet(infra.postgres, {
      uid: 70, // the alpine image's postgres user
      storage: '10Gi',
      mountPath: '/var/lib/postgresql/data',
      env: [
        secretEnv('POSTGRES_USER', 'db-credentials', 'username'),
        secretEnv('POSTGRES_PASSWORD', 'db-credentials', 'password'),
        secretEnv('POSTGRES_DB', 'db-credentials', 'database'),
        { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      ],
      probe: {
        exec: { command: ['sh', '-c', 'pg_isready -U "$POSTGRES_USER" -d "$POSTGRES_DB" -h 127.0.0.1'] },
      },
      writable: [
        { name: 'run', mountPath: '/var/run/postgresql' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    }),
    ...services(infra.postgres),
  ];
}

function redis(): K8sObject[] {
  return [
    statefulSet(infra.redis, {
      uid: 999,
      storage: '2Gi',
      mountPath: '/data',
      env: [secretEnv('REDIS_PASSWORD', 'redis-credentials', 'password')],
      command: ['sh', '-c'],
      // Append-only file: BullMQ's queues and the answer streams survive a restart.
      args: [
        'exec redis-server --requirepass "$REDIS_PASSWORD" --appendonly yes --dir /data --maxmemory-policy noeviction',
      ],
      probe: {
        exec: {
          command: ['sh', '-c', 'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG'],
        },
      },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    }),
    ...services(infra.redis),
  ];
}

function minio(): K8sObject[] {
  return [
    statefulSet(infra.minio, {
      uid: 1000,
      storage: '20Gi',
      mountPath: '/data',
      env: [
        secretEnv('MINIO_ROOT_USER', 'minio-credentials', 'root_user'),
        secretEnv('MINIO_ROOT_PASSWORD', 'minio-credentials', 'root_password'),
      ],
      args: ['server', '/data'],
      probe: { httpGet: { path: '/minio/health/live', port: infra.minio.port } },
      writable: [{ name: 'home', mountPath: '/.minio' }],
      resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    }),
    ...services(infra.minio),
  ];
}

/**
 * SearXNG's settings: the defaults, plus JSON output (off by default: the most common reason a
 * self-hosted SearXNG answers 403 to search-svc) and no bot limiter, since only search-svc, inside
 * the cluster, talks to it.
 */
export const searxngSettings = `use_default_settings: true
general:
  instance_name: perplexica
search:
  safe_search: 1
  formats:
    - html
    - json
server:
  # The secret comes from the SEARXNG_SECRET environment variable (Secret searxng-secret).
  limiter: false
  image_proxy: false
  method: GET
outgoing:
  request_timeout: 4.0
  max_request_timeout: 8.0
`;

function searxng(): K8sObject[] {
  const component = infra.searxng;
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'searxng-settings', namespace, labels: labels('searxng', component.component) },
      data: { 'settings.yml': searxngSettings },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'searxng', namespace, labels: labels('searxng', component.component) },
      spec: {
        replicas: 1,
        selector: { matchLabels: selectorOf('searxng') },
        template: {
          metadata: { labels: labels('searxng', component.component) },
          spec: {
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 977,
              runAsGroup: 977,
              fsGroup: 977,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'searxng',
                image: component.image,
                ports: [{ name: 'tcp', containerPort: component.port, protocol: 'TCP' }],
                env: [
                  secretEnv('SEARXNG_SECRET', 'searxng-secret', 'secret_key'),
                  {
                    name: 'SEARXNG_BASE_URL',
                    value: `http://searxng.${namespace}.svc.cluster.local:${component.port}/`,
                  },
                ],
                resources: {
                  requests: { cpu: '50m', memory: '192Mi' },
                  limits: { cpu: '1', memory: '512Mi' },
                },
                securityContext: hardened(977, false),
                readinessProbe: { httpGet: { path: '/healthz', port: component.port }, periodSeconds: 10 },
                livenessProbe: {
                  httpGet: { path: '/healthz', port: component.port },
                  periodSeconds: 20,
                  failureThreshold: 6,
                },
                volumeMounts: [
                  {
                    name: 'settings',
                    mountPath: '/etc/searxng/settings.yml',
                    subPath: 'settings.yml',
                    readOnly: true,
                  },
                ],
              },
            ],
            volumes: [{ name: 'settings', configMap: { name: 'searxng-settings' } }],
          },
        },
      },
    },
    ...services(component),
  ];
}

/** Everything in perplexica-infra, by file. */
export function infraFiles(): Record<string, K8sObject[]> {
  return {
    'postgres.yaml': postgres(),
    'redis.yaml': redis(),
    'minio.yaml': minio(),
    'searxng.yaml': searxng(),
  };
}
