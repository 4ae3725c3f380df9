import { cacheWorkerJobs } from '@perplexica/registry';
import { stringify } from 'yaml';
import { builtServices, cacheWorkerBuilt, imageOf, imageTag, labels, namespaces, web } from './cluster.ts';
import { appConfigMaps, namespaceObjects } from './config.ts';
import { infraFiles } from './infra.ts';
import { appIngresses, authIngresses, downloadIngresses, middlewares } from './ingress.ts';
import { baselinePolicies, cacheWorkerPolicy, infraPolicies, servicePolicy, webPolicy } from './network.ts';
import {
  cacheWorkerCallees,
  cacheWorkerJobsObjects,
  type K8sObject,
  serviceWorkload,
  webWorkload,
} from './workloads.ts';

export const GENERATED_NOTE =
  '# Generated from the service registry by `pnpm generate:deploy` (packages/deploy). Do not edit:\n# change packages/registry or packages/deploy and generate again; tests fail on any drift.\n';

const toYaml = (objects: K8sObject[]) =>
  GENERATED_NOTE +
  objects.map((object) => stringify(object, { lineWidth: 0, sortMapEntries: false })).join('---\n');

/** A kustomization whose objects share an Argo CD sync wave (ignored outside Argo CD). */
const kustomization = (resources: string[], wave?: number, extra: K8sObject = {}) =>
  GENERATED_NOTE +
  stringify(
    {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      ...(wave === undefined ? {} : { commonAnnotations: { 'argocd.argoproj.io/sync-wave': String(wave) } }),
      resources,
      ...extra,
    },
    { lineWidth: 0 },
  );

/**
 * Every file under k3s/ (and the optional extras under deploy/), by path, generated from the
 * registry for the services that exist in this tree.
 */
export function k3sFiles(): Map<string, string> {
  const built = builtServices();
  const files = new Map<string, string>();
  const add = (path: string, content: string) => files.set(path, content);
  const worker = cacheWorkerBuilt();

  add('k3s/base/namespaces/namespaces.yaml', toYaml(namespaceObjects()));
  add('k3s/base/namespaces/kustomization.yaml', kustomization(['namespaces.yaml'], -3));

  const infra = infraFiles();
  for (const [file, objects] of Object.entries(infra)) add(`k3s/base/infra/${file}`, toYaml(objects));
  add('k3s/base/infra/kustomization.yaml', kustomization(Object.keys(infra), -2));

  add(
    'k3s/base/config/config.yaml',
    toYaml([
      ...appConfigMaps(),
      ...middlewares(namespaces.app),
      ...middlewares(namespaces.auth),
      ...middlewares(namespaces.infra),
    ]),
  );
  add('k3s/base/config/kustomization.yaml', kustomization(['config.yaml'], -1));

  const serviceFiles: string[] = [];
  for (const entry of built) {
    add(`k3s/base/services/${entry.name}.yaml`, toYaml(serviceWorkload(entry)));
    serviceFiles.push(`${entry.name}.yaml`);
  }
  add('k3s/base/services/web.yaml', toYaml(webWorkload(namespaces.app)));
  serviceFiles.push('web.yaml');
  add('k3s/base/services/kustomization.yaml', kustomization(serviceFiles, 1));

  const jobs = worker ? cacheWorkerJobsObjects(cacheWorkerJobs, namespaces.app) : [];
  if (worker) {
    add('k3s/base/jobs/cache-worker.yaml', toYaml(jobs));
    add('k3s/base/jobs/kustomization.yaml', kustomization(['cache-worker.yaml'], 2));
  }

  const auth = built.find((entry) => entry.name === 'auth-svc');
  add(
    'k3s/base/ingress/ingress.yaml',
    toYaml([...appIngresses(built), ...authIngresses(auth), ...downloadIngresses()]),
  );
  add('k3s/base/ingress/kustomization.yaml', kustomization(['ingress.yaml'], 2));

  const workerCallees = cacheWorkerCallees().filter((callee) =>
    built.some((entry) => entry.name === callee.name),
  );
  const workerCaller = {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespaces.app } },
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'cache-worker' } },
  };
  add(
    'k3s/base/network-policies/network-policies.yaml',
    toYaml([
      ...baselinePolicies(namespaces.app),
      ...baselinePolicies(namespaces.auth),
      ...infraPolicies(),
      ...built.map((entry) =>
        servicePolicy(
          entry,
          built,
          worker && workerCallees.some((callee) => callee.name === entry.name) ? [workerCaller] : [],
        ),
      ),
      webPolicy(namespaces.app),
      ...(worker ? [cacheWorkerPolicy(namespaces.app, workerCallees)] : []),
    ]),
  );
  add('k3s/base/network-policies/kustomization.yaml', kustomization(['network-policies.yaml'], -1));

  const images = [...built.map((entry) => entry.name), web.name, ...(worker ? ['cache-worker'] : [])]
    .sort()
    .map((name) => ({ name: imageOf(name), newTag: imageTag }));
  add(
    'k3s/base/kustomization.yaml',
    kustomization(
      [
        'namespaces',
        'infra',
        'config',
        'network-policies',
        'services',
        ...(worker ? ['jobs'] : []),
        'ingress',
      ],
      undefined,
      { images },
    ),
  );

  // dev: one replica of everything, no autoscaling or disruption budgets, small requests.
  const scaled = [
    ...built.map((entry) => ({ name: entry.name, namespace: entry.namespace })),
    { name: web.name, namespace: namespaces.app },
  ];
  add(
    'k3s/overlays/dev/kustomization.yaml',
    kustomization(['../../base'], undefined, {
      patches: [
        {
          target: { kind: 'Deployment', labelSelector: 'app.kubernetes.io/part-of=perplexica' },
          patch: stringify([
            { op: 'replace', path: '/spec/replicas', value: 1 },
            {
              op: 'replace',
              path: '/spec/template/spec/containers/0/resources/requests',
              value: { cpu: '10m', memory: '64Mi' },
            },
          ]),
        },
        ...scaled.flatMap(({ name, namespace }) => [
          {
            patch: stringify({
              $patch: 'delete',
              apiVersion: 'autoscaling/v2',
              kind: 'HorizontalPodAutoscaler',
              metadata: { name, namespace },
            }),
          },
        ]),
        ...[
          ...built.filter((entry) => entry.deploy.replicas.min > 1),
          { name: web.name, namespace: namespaces.app },
        ].map(({ name, namespace }) => ({
          patch: stringify({
            $patch: 'delete',
            apiVersion: 'policy/v1',
            kind: 'PodDisruptionBudget',
            metadata: { name, namespace },
          }),
        })),
      ],
    }),
  );
  // prod: the base as it is (replicas from the registry, HPAs, PDBs); pin the release here.
  add('k3s/overlays/prod/kustomization.yaml', kustomization(['../../base'], undefined, { images }));
  // `kubectl apply -k k3s/` installs the production setup.
  add('k3s/kustomization.yaml', kustomization(['overlays/prod']));

  // Optional: Prometheus Operator's ServiceMonitors (needs its CRDs), as a kustomize component.
  add(
    'k3s/components/monitoring/service-monitors.yaml',
    toYaml(
      [namespaces.app, namespaces.auth].map((namespace) => ({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'perplexica', namespace, labels: labels('perplexica', 'monitoring') },
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/part-of': 'perplexica' } },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
        },
      })),
    ),
  );
  add(
    'k3s/components/monitoring/kustomization.yaml',
    GENERATED_NOTE +
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1alpha1',
        kind: 'Component',
        resources: ['service-monitors.yaml'],
      }),
  );

  add('deploy/argocd/application.yaml', toYaml([argoApplication()]));
  add('deploy/external-secrets/external-secrets.yaml', toYaml(externalSecrets()));
  return files;
}

function argoApplication(): K8sObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'perplexica', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://git.example.com/perplexica/perplexica.git',
        targetRevision: 'main',
        path: 'k3s/overlays/prod',
      },
      destination: { server: 'https://kubernetes.default.svc' },
      // Waves (from the kustomizations): namespaces -3, infra -2, config and policies -1,
      // services 1 (each migrates its schema under a lock as it starts), jobs and ingress 2.
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
    },
  };
}

/** The same Secrets as secrets.example.sh, read from Vault by the External Secrets Operator. */
function externalSecrets(): K8sObject[] {
  const store = { name: 'vault', kind: 'ClusterSecretStore' };
  const secret = (name: string, namespace: string, keys: string[]) => ({
    apiVersion: 'external-secrets.io/v1beta1',
    kind: 'ExternalSecret',
    metadata: { name, namespace },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: store,
      target: { name, creationPolicy: 'Owner' },
      data: keys.map((key) => ({
        secretKey: key,
        remoteRef: { key: `perplexica/${namespace}/${name}`, property: key },
      })),
    },
  });
  return [
    secret('db-credentials', namespaces.app, ['url']),
    secret('redis-credentials', namespaces.app, ['url']),
    secret('service-token', namespaces.app, ['token']),
    secret('jwt-public-key', namespaces.app, ['public_key']),
    secret('llm-credentials', namespaces.app, ['openai_api_key']),
    secret('db-credentials', namespaces.auth, ['url']),
    secret('redis-credentials', namespaces.auth, ['url']),
    secret('service-token', namespaces.auth, ['token']),
    secret('auth-secrets', namespaces.auth, ['jwt_private_key', 'jwt_public_key']),
  ];
}
