import {
  type CacheWorkerJob,
  cacheWorkerCalls,
  type SecretRef,
  type ServiceEntry,
  serviceNamed,
} from '@perplexica/registry';
import { imageOf, labels, selectorOf, web } from './cluster.ts';

// Manifests are plain objects: the YAML is written from them, the tests validate them against
// the Kubernetes schemas, and nothing here needs a template language.
// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are open-ended JSON
export type K8sObject = Record<string, any>;

export const CONFIG_MAP = 'perplexica-config';

/** Every Secret a service reads, by env var: the shared ones its infrastructure implies, then its own. */
export function secretEnvOf(service: ServiceEntry): Record<string, SecretRef> {
  const shared: Record<string, SecretRef> = { SERVICE_TOKEN: { secret: 'service-token', key: 'token' } };
  if (service.deploy.uses.includes('postgres'))
    shared.POSTGRES_URL = { secret: 'db-credentials', key: 'url' };
  if (service.deploy.uses.includes('redis')) shared.REDIS_URL = { secret: 'redis-credentials', key: 'url' };
  // auth-svc signs tokens with its private key; every other service verifies them with the public one.
  if (service.name !== 'auth-svc') shared.JWT_PUBLIC_KEY = { secret: 'jwt-public-key', key: 'public_key' };
  return { ...shared, ...service.deploy.secrets };
}

const secretEnv = (refs: Record<string, SecretRef>) =>
  Object.entries(refs)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, ref]) => ({
      name,
      valueFrom: {
        secretKeyRef: { name: ref.secret, key: ref.key, ...(ref.optional ? { optional: true } : {}) },
      },
    }));

/** Non-root, read-only, no privileges: what every container of ours runs with. */
const podSecurity = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};
export const containerSecurity = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

interface HttpWorkload {
  name: string;
  namespace: string;
  component: string;
  port: number;
  replicas: number;
  resources: ServiceEntry['deploy']['resources'];
  env: K8sObject[];
}

function deployment(workload: HttpWorkload): K8sObject {
  const { name, namespace, port } = workload;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: labels(name, workload.component) },
    spec: {
      replicas: workload.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorOf(name) },
      // Never below the wanted count during a rollout: the new pod is ready before an old one goes.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(name, workload.component) },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          // preStop (5 s, while Traefik stops sending) + the service's drain (SHUTDOWN_TIMEOUT_MS,
          // 10 s) + closing pools fit well inside 30 s.
          terminationGracePeriodSeconds: 30,
          securityContext: podSecurity,
          containers: [
            {
              name,
              image: imageOf(name),
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
              envFrom: [{ configMapRef: { name: CONFIG_MAP } }],
              env: [{ name: 'PORT', value: String(port) }, ...workload.env],
              resources: {
                requests: { cpu: workload.resources.cpu, memory: workload.resources.memory },
                limits: { cpu: workload.resources.cpuLimit, memory: workload.resources.memoryLimit },
              },
              securityContext: containerSecurity,
              // Migrations run at start (under a lock): allow a minute before liveness counts.
              startupProbe: {
                httpGet: { path: '/health', port: 'http' },
                periodSeconds: 2,
                failureThreshold: 30,
              },
              livenessProbe: {
                httpGet: { path: '/health', port: 'http' },
                periodSeconds: 10,
                timeoutSeconds: 3,
                failureThreshold: 3,
              },
              readinessProbe: {
                httpGet: { path: '/ready', port: 'http' },
                periodSeconds: 5,
                timeoutSeconds: 3,
                failureThreshold: 2,
              },
              lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

function serviceAccount(name: string, namespace: string, component: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace, labels: labels(name, component) },
    automountServiceAccountToken: false,
  };
}

function service(name: string, namespace: string, component: string, port: number): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace,
      labels: labels(name, component),
      annotations: {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': '/metrics',
      },
    },
    spec: {
      type: 'ClusterIP',
      selector: selectorOf(name),
      ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

function autoscaler(name: string, namespace: string, component: string, min: number, max: number): K8sObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace, labels: labels(name, component) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
      // Scale down slowly: answers stream for a while, and flapping costs more than a spare pod.
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
}

function disruptionBudget(name: string, namespace: string, component: string): K8sObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace, labels: labels(name, component) },
    spec: { minAvailable: 1, selector: { matchLabels: selectorOf(name) } },
  };
}

/** A service's objects: ServiceAccount, Deployment, Service, HPA, and a PDB when it runs more than one. */
export function serviceWorkload(entry: ServiceEntry): K8sObject[] {
  const { name, namespace, port } = entry;
  const { replicas, resources } = entry.deploy;
  const objects = [
    serviceAccount(name, namespace, 'api'),
    deployment({
      name,
      namespace,
      component: 'api',
      port,
      replicas: replicas.min,
      resources,
      env: secretEnv(secretEnvOf(entry)),
    }),
    service(name, namespace, 'api', port),
    autoscaler(name, namespace, 'api', replicas.min, replicas.max),
  ];
  if (replicas.min > 1) objects.push(disruptionBudget(name, namespace, 'api'));
  return objects;
}

/** The web app's container: static files, /health, /ready, /metrics (the gateway with no upstreams). */
export function webWorkload(namespace: string): K8sObject[] {
  const resources = { cpu: '20m', memory: '64Mi', cpuLimit: '250m', memoryLimit: '192Mi' };
  return [
    serviceAccount(web.name, namespace, 'web'),
    deployment({
      name: web.name,
      namespace,
      component: 'web',
      port: web.port,
      replicas: 2,
      resources,
      env: [
        { name: 'WEB_ROOT', value: '/app/web' },
        { name: 'GATEWAY_UPSTREAMS', value: '' },
      ],
    }),
    service(web.name, namespace, 'web', web.port),
    autoscaler(web.name, namespace, 'web', 2, 4),
    disruptionBudget(web.name, namespace, 'web'),
  ];
}

/** cache-worker's CronJobs: one run at a time, each bounded by its deadline. */
export function cacheWorkerJobsObjects(jobs: readonly CacheWorkerJob[], namespace: string): K8sObject[] {
  const env = secretEnv({
    REDIS_URL: { secret: 'redis-credentials', key: 'url' },
    SERVICE_TOKEN: { secret: 'service-token', key: 'token' },
  });
  return [
    serviceAccount('cache-worker', namespace, 'worker'),
    ...jobs.map((job) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: job.name, namespace, labels: labels('cache-worker', 'worker') },
      spec: {
        schedule: job.schedule,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 60,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            activeDeadlineSeconds: job.activeDeadlineSeconds,
            backoffLimit: 1,
            template: {
              metadata: { labels: labels('cache-worker', 'worker') },
              spec: {
                serviceAccountName: 'cache-worker',
                automountServiceAccountToken: false,
                restartPolicy: 'Never',
                securityContext: podSecurity,
                containers: [
                  {
                    name: 'cache-worker',
                    image: imageOf('cache-worker'),
                    imagePullPolicy: 'IfNotPresent',
                    // The worker stops itself (and frees its locks) before Kubernetes would kill it.
                    args: [`--task=${job.task}`, `--deadline-seconds=${job.activeDeadlineSeconds - 10}`],
                    envFrom: [{ configMapRef: { name: CONFIG_MAP } }],
                    env,
                    resources: {
                      requests: { cpu: '50m', memory: '96Mi' },
                      limits: { cpu: '500m', memory: '256Mi' },
                    },
                    securityContext: containerSecurity,
                  },
                ],
              },
            },
          },
        },
      },
    })),
  ];
}

/** The services cache-worker calls, as registry entries. */
export const cacheWorkerCallees = () => cacheWorkerCalls.map((name) => serviceNamed(name));
