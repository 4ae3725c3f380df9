import type { ServiceEntry } from '@perplexica/registry';
import { downloadBuckets, hosts, infra, labels, namespaces, tlsSecret, web } from './cluster.ts';
import type { K8sObject } from './workloads.ts';

// Traefik (shipped with K3s) routes three hosts:
//   api.<domain>   the API path table of the registry (programs, API keys);
//   auth.<domain>  auth-svc;
//   <domain>       the web app, plus the same API paths and auth-svc's paths, so the app talks
//                  to its own origin exactly as through the local gateway.
// Longest path prefix wins in Traefik too, so chat-svc's "/api" catch-all never shadows a service.

const middlewareRef = (namespace: string, name: string) => `${namespace}-${name}@kubernetescrd`;

/** Security headers, a per-client rate limit, a request body cap, and the redirect to HTTPS. */
export function middlewares(namespace: string): K8sObject[] {
  const meta = (name: string) => ({ name, namespace, labels: labels(name, 'middleware') });
  return [
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'Middleware',
      metadata: meta('security-headers'),
      spec: {
        headers: {
          stsSeconds: 31536000,
          stsIncludeSubdomains: true,
          contentTypeNosniff: true,
          frameDeny: true,
          browserXssFilter: true,
          referrerPolicy: 'strict-origin-when-cross-origin',
          permissionsPolicy: 'camera=(), microphone=(), geolocation=()',
        },
      },
    },
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'Middleware',
      metadata: meta('rate-limit'),
      // Per client IP, in front of the services' own per-user limits: absorbs floods cheaply.
      spec: { rateLimit: { average: 50, period: '1s', burst: 200 } },
    },
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'Middleware',
      metadata: meta('body-limit'),
      // Uploads are the largest bodies (25 MB by default). Buffering holds whole responses too,
      // so streaming routes do not use this middleware; their services cap bodies themselves.
      spec: { buffering: { maxRequestBodyBytes: 32 * 1024 * 1024, memRequestBodyBytes: 2 * 1024 * 1024 } },
    },
    {
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'Middleware',
      metadata: meta('redirect-https'),
      spec: { redirectScheme: { scheme: 'https', permanent: true } },
    },
  ];
}

interface Route {
  host: string;
  path: string;
  service: string;
  port: number;
}

function ingress(
  name: string,
  namespace: string,
  routes: Route[],
  middlewareNames: string[],
  entrypoint = 'websecure',
): K8sObject {
  const byHost = new Map<string, Route[]>();
  for (const route of routes) byHost.set(route.host, [...(byHost.get(route.host) ?? []), route]);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace,
      labels: labels(name, 'ingress'),
      annotations: {
        'traefik.ingress.kubernetes.io/router.entrypoints': entrypoint,
        'traefik.ingress.kubernetes.io/router.middlewares': middlewareNames
          .map((m) => middlewareRef(namespace, m))
          .join(','),
        ...(entrypoint === 'websecure' ? { 'traefik.ingress.kubernetes.io/router.tls': 'true' } : {}),
      },
    },
    spec: {
      ingressClassName: 'traefik',
      ...(entrypoint === 'websecure' ? { tls: [{ hosts: [...byHost.keys()], secretName: tlsSecret }] } : {}),
      rules: [...byHost].map(([host, hostRoutes]) => ({
        host,
        http: {
          paths: hostRoutes.map((route) => ({
            path: route.path,
            pathType: 'Prefix',
            backend: { service: { name: route.service, port: { number: route.port } } },
          })),
        },
      })),
    },
  };
}

const apiRoutes = (entries: ServiceEntry[]): Route[] =>
  entries.flatMap((entry) =>
    entry.publicPaths.flatMap((path) =>
      [hosts.api, hosts.web].map((host) => ({ host, path, service: entry.name, port: entry.port })),
    ),
  );

/** The Ingresses of the perplexica namespace: API (buffered), streaming API, web, and HTTP → HTTPS. */
export function appIngresses(built: ServiceEntry[]): K8sObject[] {
  const apiServices = built.filter((entry) => entry.namespace === namespaces.app && !entry.host);
  const buffered = apiServices.filter((entry) => !entry.deploy.streams);
  const streaming = apiServices.filter((entry) => entry.deploy.streams);
  const objects = [
    ingress('perplexica-api', namespaces.app, apiRoutes(buffered), [
      'security-headers',
      'rate-limit',
      'body-limit',
    ]),
    ingress('perplexica-streaming', namespaces.app, apiRoutes(streaming), ['security-headers', 'rate-limit']),
    ingress(
      'perplexica-web',
      namespaces.app,
      [{ host: hosts.web, path: '/', service: web.name, port: web.port }],
      ['security-headers'],
    ),
    ingress(
      'perplexica-http',
      namespaces.app,
      [hosts.web, hosts.api].map((host) => ({ host, path: '/', service: web.name, port: web.port })),
      ['redirect-https'],
      'web',
    ),
  ];
  return objects.filter((object) => object.spec.rules.length > 0);
}

/** auth-svc's host, its paths on the web host, and HTTP → HTTPS, in its own namespace. */
export function authIngresses(auth: ServiceEntry | undefined): K8sObject[] {
  if (!auth) return [];
  const routes: Route[] = [
    { host: hosts.auth, path: '/', service: auth.name, port: auth.port },
    ...(auth.pathsOnLocalGateway ?? []).map((path) => ({
      host: hosts.web,
      path,
      service: auth.name,
      port: auth.port,
    })),
  ];
  return [
    ingress('perplexica-auth', namespaces.auth, routes, ['security-headers', 'rate-limit', 'body-limit']),
    ingress(
      'perplexica-auth-http',
      namespaces.auth,
      [{ host: hosts.auth, path: '/', service: auth.name, port: auth.port }],
      ['redirect-https'],
      'web',
    ),
  ];
}

/**
 * Presigned downloads on the web host: `<domain>/<bucket>/<key>?X-Amz-…` to MinIO. The buckets are
 * private, so only links a service signed (short-lived, one object) work through this route.
 */
export function downloadIngresses(): K8sObject[] {
  const routes = downloadBuckets.map((bucket) => ({
    host: hosts.web,
    path: `/${bucket}`,
    service: infra.minio.name,
    port: infra.minio.port,
  }));
  return [ingress('perplexica-downloads', namespaces.infra, routes, ['security-headers'])];
}
