import { cacheWorkerJobs, services } from '@perplexica/registry';
import { stringify } from 'yaml';
import {
  builtServices,
  cacheWorkerBuilt,
  domain,
  downloadBuckets,
  imageOf,
  imageTag,
  infra,
  namespaces,
  tlsSecret,
  web,
} from './cluster.ts';
import { appSettings } from './config.ts';
import { searxngSettings } from './infra.ts';
import { GENERATED_NOTE } from './manifests.ts';
import { type K8sObject, secretEnvOf } from './workloads.ts';

/**
 * The chart's values, from the same registry as k3s/: every service is listed (its port, paths,
 * image, replicas, resources, secrets, neighbours), enabled when it exists in this tree. The
 * templates range over `services` instead of one file per service.
 */
export function helmValues(): K8sObject {
  const built = new Set(builtServices().map((entry) => entry.name));
  return {
    global: {
      domain,
      tlsSecret,
      imageTag,
      imagePullPolicy: 'IfNotPresent',
      namespaces: { ...namespaces },
    },
    config: appSettings(),
    downloadBuckets,
    services: Object.fromEntries(
      services.map((entry) => [
        entry.name,
        {
          enabled: built.has(entry.name),
          namespace: entry.namespace,
          port: entry.port,
          image: imageOf(entry.name),
          paths: entry.publicPaths,
          host: entry.host ?? null,
          pathsOnWebHost: entry.pathsOnLocalGateway ?? entry.publicPaths,
          streams: entry.deploy.streams ?? false,
          replicas: entry.deploy.replicas.min,
          hpa: {
            enabled: true,
            minReplicas: entry.deploy.replicas.min,
            maxReplicas: entry.deploy.replicas.max,
            cpuUtilization: 70,
          },
          pdb: { enabled: entry.deploy.replicas.min > 1 },
          resources: {
            requests: { cpu: entry.deploy.resources.cpu, memory: entry.deploy.resources.memory },
            limits: { cpu: entry.deploy.resources.cpuLimit, memory: entry.deploy.resources.memoryLimit },
          },
          secretEnv: secretEnvOf(entry),
          uses: entry.deploy.uses,
          calls: entry.deploy.calls,
          internet: entry.deploy.internet,
        },
      ]),
    ),
    web: { enabled: true, image: imageOf(web.name), port: web.port, replicas: 2 },
    cacheWorker: {
      enabled: cacheWorkerBuilt(),
      image: imageOf('cache-worker'),
      jobs: cacheWorkerJobs.map((job) => ({ ...job })),
    },
    infra: {
      postgres: { enabled: true, image: infra.postgres.image, port: infra.postgres.port, storage: '10Gi' },
      redis: { enabled: true, image: infra.redis.image, port: infra.redis.port, storage: '2Gi' },
      minio: { enabled: true, image: infra.minio.image, port: infra.minio.port, storage: '20Gi' },
      searxng: {
        enabled: true,
        image: infra.searxng.image,
        port: infra.searxng.port,
        settings: searxngSettings,
      },
    },
    networkPolicies: { enabled: true },
    middlewares: {
      enabled: true,
      rateLimit: { average: 50, burst: 200 },
      maxRequestBodyBytes: 32 * 1024 * 1024,
    },
  };
}

export function helmFiles(): Map<string, string> {
  return new Map([
    ['helm/perplexica/values.yaml', GENERATED_NOTE + stringify(helmValues(), { lineWidth: 0 })],
  ]);
}
