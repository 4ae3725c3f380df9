import { services } from '@perplexica/registry';
import { domain, hosts, infra, infraHost, labels, namespaces, serviceUrl } from './cluster.ts';
import { CONFIG_MAP, type K8sObject } from './workloads.ts';

/** "search-svc" → "SEARCH_SERVICE_URL": how every service finds its neighbours (as pnpm start does). */
export const urlVariableOf = (name: string) =>
  `${name.replace(/-svc$/, '').replaceAll('-', '_').toUpperCase()}_SERVICE_URL`;

/**
 * What every service reads that is not a secret, in each namespace that runs services. Values an
 * installation changes (domain, model, admins) are here, in one object, for its overlay to patch.
 */
export function appSettings(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    // Traefik sets X-Forwarded-For; services take the last entry, the address Traefik saw.
    TRUST_PROXY: 'true',
    PUBLIC_APP_URL: `https://${hosts.web}`,
    PUBLIC_AUTH_URL: `https://${hosts.auth}`,
    COOKIE_SECURE: 'true',
    ADMIN_EMAILS: `admin@${domain}`,
    LLM_PROVIDER: 'extractive',
    SEARXNG_URL: `http://${infraHost('searxng')}:${infra.searxng.port}`,
    MINIO_ENDPOINT: `http://${infraHost('minio')}:${infra.minio.port}`,
    // Download links are signed for the address browsers use (see downloadBuckets).
    MINIO_PUBLIC_ENDPOINT: `https://${hosts.web}`,
    // Push services contact this address about our VAPID-signed messages.
    VAPID_SUBJECT: `mailto:admin@${domain}`,
    // Where YooKassa sends a user back after paying: the web app's billing page.
    BILLING_RETURN_URL: `https://${hosts.web}/billing`,
    ...Object.fromEntries(services.map((service) => [urlVariableOf(service.name), serviceUrl(service)])),
  };
}

export function appConfigMaps(): K8sObject[] {
  return [namespaces.app, namespaces.auth].map((namespace) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CONFIG_MAP, namespace, labels: labels('perplexica-config', 'config') },
    data: appSettings(),
  }));
}

export function namespaceObjects(): K8sObject[] {
  return Object.values(namespaces).map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/part-of': 'perplexica',
        // Pod Security Admission: our pods meet the restricted profile; warn about any that do not.
        'pod-security.kubernetes.io/enforce': name === namespaces.infra ? 'baseline' : 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  }));
}
