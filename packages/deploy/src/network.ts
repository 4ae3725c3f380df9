import { type Infra, type ServiceEntry, serviceNamed } from '@perplexica/registry';
import { dnsPods, infra, labels, namespaces, selectorOf, traefikPods, web } from './cluster.ts';
import type { K8sObject } from './workloads.ts';

// Deny everything, then allow exactly what the system does: Traefik to what it routes, each
// service to the services it really calls, services to the infrastructure they use, Prometheus to
// /metrics, and everyone to DNS.

const inNamespace = (namespace: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': namespace } });
/** Where Prometheus runs (any namespace labelled so): it may scrape /metrics. */
const monitoring = { namespaceSelector: { matchLabels: { 'perplexica.io/monitoring': 'true' } } };
/** The internet, not the cluster or the node's own network. */
const internet = {
  ipBlock: {
    cidr: '0.0.0.0/0',
    except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'],
  },
};
const tcp = (port: number) => ({ protocol: 'TCP', port });

function policy(name: string, namespace: string, spec: K8sObject): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: labels(name, 'network-policy') },
    spec,
  };
}

/** Default deny and DNS, for one namespace. */
export function baselinePolicies(namespace: string): K8sObject[] {
  return [
    policy('default-deny', namespace, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('allow-dns', namespace, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [dnsPods], ports: [{ protocol: 'UDP', port: 53 }, tcp(53)] }],
    }),
  ];
}

const toService = (callee: ServiceEntry) => ({
  to: [
    {
      namespaceSelector: inNamespace(callee.namespace),
      podSelector: { matchLabels: selectorOf(callee.name) },
    },
  ],
  ports: [tcp(callee.port)],
});
const toInfra = (name: Infra) => ({
  to: [{ namespaceSelector: inNamespace(namespaces.infra), podSelector: { matchLabels: selectorOf(name) } }],
  ports: [tcp(infra[name].port)],
});
const toInternet = { to: [internet], ports: [tcp(443), tcp(80)] };

/**
 * One service's policy: who may reach it (Traefik when it is routed, its callers, Prometheus) and
 * whom it may reach (its callees, its infrastructure, the internet when it needs it).
 */
export function servicePolicy(
  entry: ServiceEntry,
  built: ServiceEntry[],
  extraCallers: K8sObject[] = [],
): K8sObject {
  const callers = built.filter((other) => other.deploy.calls.includes(entry.name));
  const routed = entry.publicPaths.length > 0;
  const ingressFrom = [
    ...(routed ? [traefikPods] : []),
    ...callers.map((caller) => ({
      namespaceSelector: inNamespace(caller.namespace),
      podSelector: { matchLabels: selectorOf(caller.name) },
    })),
    ...extraCallers,
    monitoring,
  ];
  const callees = entry.deploy.calls
    .map(serviceNamed)
    .filter((callee) => built.some((b) => b.name === callee.name));
  return policy(entry.name, entry.namespace, {
    podSelector: { matchLabels: selectorOf(entry.name) },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: ingressFrom, ports: [tcp(entry.port)] }],
    egress: [
      ...callees.map(toService),
      ...entry.deploy.uses.map(toInfra),
      ...(entry.deploy.internet ? [toInternet] : []),
    ],
  });
}

export function webPolicy(namespace: string): K8sObject {
  return policy(web.name, namespace, {
    podSelector: { matchLabels: selectorOf(web.name) },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [traefikPods, monitoring], ports: [tcp(web.port)] }],
    egress: [],
  });
}

export function cacheWorkerPolicy(namespace: string, callees: ServiceEntry[]): K8sObject {
  return policy('cache-worker', namespace, {
    podSelector: { matchLabels: selectorOf('cache-worker') },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [],
    egress: [...callees.map(toService), toInfra('redis')],
  });
}

/** The infrastructure: reachable from the application namespaces on its port; SearXNG reaches the web. */
export function infraPolicies(): K8sObject[] {
  const apps = {
    namespaceSelector: {
      matchExpressions: [
        { key: 'kubernetes.io/metadata.name', operator: 'In', values: [namespaces.app, namespaces.auth] },
      ],
    },
  };
  return [
    ...baselinePolicies(namespaces.infra),
    ...Object.values(infra).map((component) =>
      policy(component.name, namespaces.infra, {
        podSelector: { matchLabels: selectorOf(component.name) },
        policyTypes: ['Ingress', 'Egress'],
        // MinIO also serves presigned downloads through Traefik (downloadIngresses).
        ingress: [
          { from: component.name === 'minio' ? [apps, traefikPods] : [apps], ports: [tcp(component.port)] },
        ],
        egress: component.name === 'searxng' ? [toInternet] : [],
      }),
    ),
  ];
}
