import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Infra, type ServiceEntry, services } from '@perplexica/registry';

/** The repository root: services/, web/ and k3s/ are found from here. */
export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

export const namespaces = {
  app: 'perplexica',
  auth: 'perplexica-auth',
  infra: 'perplexica-infra',
  gateway: 'perplexica-gateway',
} as const;

/** Placeholder hosts; an installation sets its own domain in its overlay (docs/deploy.md). */
export const domain = 'perplexica.example.com';
export const hosts = { web: domain, api: `api.${domain}`, auth: `auth.${domain}` };
export const tlsSecret = 'perplexica-tls';

/**
 * Buckets whose presigned download links browsers open: Traefik routes `<domain>/<bucket>/…` to
 * MinIO, so a link signed for the web host works without another DNS name or certificate.
 * Matches upload-svc's UPLOAD_BUCKET default.
 */
export const downloadBuckets = ['perplexica-uploads'];

/** Every image is `perplexica/<name>`; the tag is set once, in k3s/base/kustomization.yaml. */
export const imageTag = '0.1.0';
export const imageOf = (name: string) => `perplexica/${name}`;

/** The web app's own small container: the gateway in web-only mode (no upstreams). */
export const web = { name: 'web', port: 8080 } as const;

/** What K3s ships: Traefik in kube-system, and CoreDNS labelled k8s-app=kube-dns. */
export const traefikPods = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
};
export const dnsPods = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

export interface InfraComponent {
  name: Infra;
  port: number;
  image: string;
  component: string;
}

export const infra: Record<Infra, InfraComponent> = {
  postgres: {
    name: 'postgres',
    port: 5432,
    image: 'docker.io/library/postgres:17-alpine',
    component: 'database',
  },
  redis: { name: 'redis', port: 6379, image: 'docker.io/library/redis:7.4-alpine', component: 'cache' },
  minio: {
    name: 'minio',
    port: 9000,
    image: 'quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z',
    component: 'object-store',
  },
  searxng: { name: 'searxng', port: 8080, image: 'docker.io/searxng/searxng:2025.11.1', component: 'search' },
};

/** A service's in-cluster address, as its callers are told it. */
export const serviceUrl = (service: ServiceEntry) =>
  `http://${service.name}.${service.namespace}.svc.cluster.local:${service.port}`;
export const infraHost = (name: Infra) => `${name}.${namespaces.infra}.svc.cluster.local`;

/** The services that exist in this tree (have a main.ts): only these get objects. */
export const builtServices = (): ServiceEntry[] =>
  services.filter((service) => existsSync(resolve(repoRoot, 'services', service.name, 'src', 'main.ts')));
export const cacheWorkerBuilt = () =>
  existsSync(resolve(repoRoot, 'services', 'cache-worker', 'src', 'main.ts'));

export const labels = (name: string, component: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/part-of': 'perplexica',
  'app.kubernetes.io/component': component,
});
export const selectorOf = (name: string) => ({ 'app.kubernetes.io/name': name });
