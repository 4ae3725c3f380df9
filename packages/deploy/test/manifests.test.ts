import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheWorkerJobs, routeApiPath, routeLocalPath, services } from '@perplexica/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { helmFiles, helmValues } from '../src/helm.ts';
import {
  builtServices,
  downloadBuckets,
  hosts,
  imageOf,
  imageTag,
  k3sFiles,
  namespaces,
  repoRoot,
  web,
} from '../src/index.ts';
import { cacheWorkerJobsObjects, type K8sObject } from '../src/workloads.ts';
import { kustomize, named, validate } from './render.ts';

const built = builtServices();
let root: K8sObject[];

beforeAll(() => {
  root = kustomize('k3s');
});

const find = (objects: K8sObject[], kind: string, name: string, namespace?: string) =>
  objects.find(
    (object) =>
      object.kind === kind &&
      object.metadata.name === name &&
      (!namespace || object.metadata.namespace === namespace),
  );

describe('generated from the registry', () => {
  it('k3s/, deploy/ and the Helm values on disk are exactly what the registry generates (no drift)', () => {
    const stale: string[] = [];
    for (const [path, content] of [...k3sFiles(), ...helmFiles()]) {
      let onDisk = '';
      try {
        onDisk = readFileSync(join(repoRoot, path), 'utf8');
      } catch {
        // missing
      }
      if (onDisk !== content) stale.push(path);
    }
    expect(stale, 'run `pnpm generate:deploy`').toEqual([]);
  });
});

describe.each(['k3s', 'k3s/overlays/dev', 'k3s/overlays/prod'])('kubectl kustomize %s', (dir) => {
  it('renders, and every object is valid against the Kubernetes (and CRD) schemas', async () => {
    const objects = kustomize(dir);
    expect(objects.length).toBeGreaterThan(30);
    for (const object of objects) await validate(object);
  });
});

describe('the policy every workload meets', () => {
  it('every built service has a ServiceAccount, a Deployment, a Service, an HPA, and a PDB when it runs more than one', () => {
    for (const entry of built) {
      const ns = entry.namespace;
      expect(find(root, 'ServiceAccount', entry.name, ns), entry.name).toBeDefined();
      expect(find(root, 'Deployment', entry.name, ns), entry.name).toBeDefined();
      const service = find(root, 'Service', entry.name, ns);
      expect(service?.spec.ports[0]).toMatchObject({ port: entry.port, targetPort: 'http' });
      expect(service?.metadata.annotations['prometheus.io/scrape']).toBe('true');
      const hpa = find(root, 'HorizontalPodAutoscaler', entry.name, ns);
      expect(hpa?.spec).toMatchObject({
        minReplicas: entry.deploy.replicas.min,
        maxReplicas: entry.deploy.replicas.max,
      });
      expect(hpa?.spec.metrics[0].resource).toEqual({
        name: 'cpu',
        target: { type: 'Utilization', averageUtilization: 70 },
      });
      expect(Boolean(find(root, 'PodDisruptionBudget', entry.name, ns)), entry.name).toBe(
        entry.deploy.replicas.min > 1,
      );
    }
    // The HPA ranges the issue asks for.
    const range = (name: string) => find(root, 'HorizontalPodAutoscaler', name)?.spec;
    expect(range('chat-svc')).toMatchObject({ minReplicas: 2, maxReplicas: 8 });
    expect(range('search-svc')).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
  });

  it('every Deployment of ours has probes, resources, the hardened security context and a Service', () => {
    const ours = named(root, 'Deployment').filter((d) => d.metadata.namespace !== namespaces.infra);
    expect(ours.map((d) => d.metadata.name).sort()).toEqual([...built.map((e) => e.name), web.name].sort());
    for (const deployment of ours) {
      const name = deployment.metadata.name;
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      expect(container.image, name).toBe(`${imageOf(name)}:${imageTag}`);
      expect(container.livenessProbe.httpGet.path, name).toBe('/health');
      expect(container.readinessProbe.httpGet.path, name).toBe('/ready');
      expect(container.resources.requests.cpu && container.resources.requests.memory, name).toBeTruthy();
      expect(container.resources.limits.cpu && container.resources.limits.memory, name).toBeTruthy();
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      // Graceful termination fits the drain: preStop (5 s) + SHUTDOWN_TIMEOUT_MS (10 s) + closing.
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(20);
      const service = find(root, 'Service', name, deployment.metadata.namespace);
      expect(service?.spec.selector, name).toEqual(deployment.spec.selector.matchLabels);
      expect(container.ports[0].containerPort).toBe(service?.spec.ports[0].port);
    }
  });

  it('gives every built service the environment its config demands in production', async () => {
    const configMap = (namespace: string) =>
      find(root, 'ConfigMap', 'perplexica-config', namespace)?.data as Record<string, string>;
    for (const entry of built) {
      const module = (await import(join(repoRoot, 'services', entry.name, 'src', 'config.ts'))) as Record<
        string,
        unknown
      >;
      const schema = Object.entries(module).find(([key]) => key.endsWith('ConfigSchema'))?.[1] as {
        safeParse(env: unknown): {
          success: boolean;
          error?: { issues: Array<{ path: string[]; message: string }> };
        };
      };
      const container = find(root, 'Deployment', entry.name, entry.namespace)?.spec.template.spec
        .containers[0];
      // Secrets hold real values in a cluster; here each gets a well-formed stand-in of its kind.
      const standIn: Record<string, string> = {
        POSTGRES_URL: 'postgres://u:p@postgres:5432/db',
        REDIS_URL: 'redis://:p@redis:6379',
        SERVICE_TOKEN: 'x'.repeat(32),
        JWT_PUBLIC_KEY:
          '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA1Z1nZ7n0nW0Y0o2nT8rL0m6Q9kq9s2m5oYx2v7Jt9nE=\n-----END PUBLIC KEY-----',
        JWT_PRIVATE_KEY:
          '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOZ0Xb1tY6x1rC0l9zr4m7n2sQ8fV3kP5hJ1gD2aW9cE\n-----END PRIVATE KEY-----',
      };
      const env: Record<string, string> = { ...configMap(entry.namespace) };
      for (const variable of container.env) {
        // An optional Secret may be absent in a cluster (VAPID keys, SMTP, YooKassa): the service
        // must start without it, so it is left out here.
        if (variable.valueFrom?.secretKeyRef?.optional) continue;
        env[variable.name] = variable.value ?? standIn[variable.name] ?? 'set-from-secret';
      }
      const result = schema.safeParse(env);
      expect(result.success, `${entry.name}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it('every Secret and key a manifest reads is created by secrets.example.sh, in its namespace', () => {
    const script = readFileSync(join(repoRoot, 'secrets.example.sh'), 'utf8');
    const nsOf: Record<string, string> = {
      APP_NS: namespaces.app,
      AUTH_NS: namespaces.auth,
      INFRA_NS: namespaces.infra,
    };
    const created = new Set<string>();
    // One put_secret per logical line (backslash continuations joined); its keys are the
    // `name=` words that start an argument.
    const logicalLines = script.replace(/\\\n\s*/g, ' ').split('\n');
    for (const line of logicalLines) {
      const match = line.match(/^put_secret "\$(\w+)" ([\w-]+) (.*)$/);
      if (!match) continue;
      for (const key of (match[3] as string).matchAll(/(?:^|\s)(\w+)=/g))
        created.add(`${nsOf[match[1] as string]}/${match[2]}/${key[1]}`);
    }
    expect(created.size).toBeGreaterThan(20);
    const referenced = new Set<string>();
    const walk = (value: unknown, namespace: string) => {
      if (Array.isArray(value)) for (const item of value) walk(item, namespace);
      else if (value && typeof value === 'object') {
        const ref = (value as { secretKeyRef?: { name: string; key: string } }).secretKeyRef;
        if (ref) referenced.add(`${namespace}/${ref.name}/${ref.key}`);
        for (const child of Object.values(value)) walk(child, namespace);
      }
    };
    for (const object of root) walk(object, object.metadata.namespace);
    expect([...referenced].filter((ref) => !created.has(ref))).toEqual([]);
    // The TLS Secret every Ingress names exists in every namespace that routes.
    expect(script).toMatch(
      /for ns in "\$APP_NS" "\$AUTH_NS" "\$INFRA_NS"; do\s+kubectl create secret tls perplexica-tls/,
    );
  });

  it('has a default deny, DNS, and a policy per service allowing exactly its callers and callees', () => {
    for (const namespace of [namespaces.app, namespaces.auth, namespaces.infra]) {
      expect(find(root, 'NetworkPolicy', 'default-deny', namespace)?.spec).toEqual({
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      });
      expect(find(root, 'NetworkPolicy', 'allow-dns', namespace)).toBeDefined();
    }
    for (const entry of built) {
      const policy = find(root, 'NetworkPolicy', entry.name, entry.namespace);
      expect(policy, entry.name).toBeDefined();
      const egressTo =
        policy?.spec.egress.flatMap((rule: K8sObject) =>
          rule.to.map((peer: K8sObject) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name']),
        ) ?? [];
      for (const callee of entry.deploy.calls.filter((name) => built.some((b) => b.name === name)))
        expect(egressTo, entry.name).toContain(callee);
      for (const infra of entry.deploy.uses) expect(egressTo, entry.name).toContain(infra);
      const from = policy?.spec.ingress[0].from.map(
        (peer: K8sObject) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'],
      );
      expect(from.includes('traefik'), entry.name).toBe(entry.publicPaths.length > 0);
      for (const caller of built.filter((b) => b.deploy.calls.includes(entry.name)))
        expect(from, entry.name).toContain(caller.name);
    }
  });
});

describe('the Ingress and the route table agree', () => {
  const routes = () =>
    named(root, 'Ingress')
      .filter(
        (ingress) =>
          ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.entrypoints'] === 'websecure',
      )
      .flatMap((ingress) =>
        ingress.spec.rules.flatMap((rule: K8sObject) =>
          rule.http.paths.map((path: K8sObject) => ({
            namespace: ingress.metadata.namespace,
            host: rule.host,
            path: path.path,
            service: path.backend.service.name,
            port: path.backend.service.port.number,
          })),
        ),
      );

  it('every routed path reaches a real Service port in its namespace', () => {
    for (const route of routes()) {
      const service = find(root, 'Service', route.service, route.namespace);
      expect(service, `${route.host}${route.path}`).toBeDefined();
      expect(service?.spec.ports.map((p: K8sObject) => p.port)).toContain(route.port);
    }
  });

  it('routes every public path of every built service as the registry says, and nothing else', () => {
    const all = routes();
    for (const route of all) {
      if (route.namespace === namespaces.infra) {
        // Presigned downloads: only the download buckets, only to MinIO, only on the web host.
        expect(route).toMatchObject({ host: hosts.web, service: 'minio' });
        expect(downloadBuckets.map((bucket) => `/${bucket}`)).toContain(route.path);
        continue;
      }
      if (route.host === hosts.api) expect(routeApiPath(route.path)?.name, route.path).toBe(route.service);
      if (route.host === hosts.web)
        expect(route.path === '/' ? web.name : routeLocalPath(route.path)?.name, route.path).toBe(
          route.service,
        );
      if (route.host === hosts.auth) expect(route.service).toBe('auth-svc');
    }
    for (const entry of built.filter((e) => !e.host)) {
      for (const path of entry.publicPaths) {
        expect(
          all.some((r) => r.host === hosts.api && r.path === path && r.service === entry.name),
          path,
        ).toBe(true);
        expect(
          all.some((r) => r.host === hosts.web && r.path === path && r.service === entry.name),
          path,
        ).toBe(true);
      }
    }
    expect(all.some((r) => r.host === hosts.auth && r.path === '/' && r.service === 'auth-svc')).toBe(true);
    expect(
      all.some((r) => r.host === hosts.web && r.path === '/api/v1/auth' && r.service === 'auth-svc'),
    ).toBe(true);
  });

  it('uses Traefik on websecure with TLS, headers and rate limits, and never buffers streaming routes', () => {
    const secure = named(root, 'Ingress').filter(
      (i) => i.metadata.annotations['traefik.ingress.kubernetes.io/router.entrypoints'] === 'websecure',
    );
    for (const ingress of secure) {
      expect(ingress.spec.tls[0].secretName).toBe('perplexica-tls');
      expect(ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toContain(
        'security-headers',
      );
    }
    const streaming = find(root, 'Ingress', 'perplexica-streaming');
    expect(streaming?.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).not.toContain(
      'body-limit',
    );
    const streamed = streaming?.spec.rules.flatMap((r: K8sObject) =>
      r.http.paths.map((p: K8sObject) => p.backend.service.name),
    );
    expect(new Set(streamed)).toEqual(new Set(built.filter((e) => e.deploy.streams).map((e) => e.name)));
    const redirects = named(root, 'Ingress').filter(
      (i) => i.metadata.annotations['traefik.ingress.kubernetes.io/router.entrypoints'] === 'web',
    );
    for (const ingress of redirects)
      expect(ingress.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toContain(
        'redirect-https',
      );
    for (const name of ['security-headers', 'rate-limit', 'body-limit', 'redirect-https']) {
      expect(find(root, 'Middleware', name, namespaces.app), name).toBeDefined();
      expect(find(root, 'Middleware', name, namespaces.auth), name).toBeDefined();
      expect(find(root, 'Middleware', name, namespaces.infra), name).toBeDefined();
    }
    // Download links are signed for the host Traefik serves them on.
    const config = find(root, 'ConfigMap', 'perplexica-config', namespaces.app);
    expect(config?.data.MINIO_PUBLIC_ENDPOINT).toBe(`https://${hosts.web}`);
  });
});

describe('the infrastructure', () => {
  it('runs Postgres, Redis and MinIO as StatefulSets on local-path volumes, and SearXNG with JSON output on', () => {
    for (const name of ['postgres', 'redis', 'minio']) {
      const set = find(root, 'StatefulSet', name, namespaces.infra);
      expect(set?.spec.volumeClaimTemplates[0].spec.storageClassName, name).toBe('local-path');
      expect(find(root, 'Service', name, namespaces.infra), name).toBeDefined();
    }
    const settings = parse(
      find(root, 'ConfigMap', 'searxng-settings', namespaces.infra)?.data['settings.yml'],
    );
    expect(settings.search.formats).toContain('json');
    expect(settings.server.limiter).toBe(false);
  });
});

describe('overlays', () => {
  it('dev runs one replica of everything, with no autoscalers or disruption budgets', () => {
    const dev = kustomize('k3s/overlays/dev');
    expect(named(dev, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(named(dev, 'PodDisruptionBudget')).toEqual([]);
    for (const deployment of named(dev, 'Deployment'))
      expect(deployment.spec.replicas, deployment.metadata.name).toBe(1);
  });

  it('prod (what `kubectl apply -k k3s/` installs) keeps the registry replicas and autoscalers', () => {
    expect(find(root, 'Deployment', 'chat-svc')?.spec.replicas).toBe(2);
    expect(named(root, 'HorizontalPodAutoscaler').length).toBe(built.length + 1);
  });
});

describe('cache-worker CronJobs', () => {
  it('run each task on its schedule, one run at a time, within a deadline shorter than the interval', async () => {
    const jobs = cacheWorkerJobsObjects(cacheWorkerJobs, namespaces.app).filter((o) => o.kind === 'CronJob');
    const byTask = Object.fromEntries(
      jobs.map((job) => [job.spec.jobTemplate.spec.template.spec.containers[0].args[0], job]),
    );
    expect(byTask['--task=finance']?.spec.schedule).toBe('*/2 * * * *');
    expect(byTask['--task=discover']?.spec.schedule).toBe('*/15 * * * *');
    expect(byTask['--task=travel']?.spec.schedule).toBe('0 */4 * * *');
    expect(byTask['--task=all']?.spec.schedule).toBe('*/5 * * * *');
    const intervalSeconds: Record<string, number> = {
      '*/2 * * * *': 120,
      '*/15 * * * *': 900,
      '0 */4 * * *': 14_400,
      '*/5 * * * *': 300,
    };
    for (const job of jobs) {
      expect(job.spec.concurrencyPolicy).toBe('Forbid');
      // The worker's own deadline ends before Kubernetes kills the pod.
      const deadline = Number(
        /^--deadline-seconds=(\d+)$/.exec(job.spec.jobTemplate.spec.template.spec.containers[0].args[1])?.[1],
      );
      expect(deadline).toBeLessThan(job.spec.jobTemplate.spec.activeDeadlineSeconds);
      expect(deadline).toBeGreaterThan(0);
      expect(job.spec.jobTemplate.spec.activeDeadlineSeconds).toBeLessThan(
        intervalSeconds[job.spec.schedule] as number,
      );
      await validate(job);
    }
  });
});

describe('the Helm chart', () => {
  it('its values name the same services, ports, paths and images as the registry', () => {
    const values = parse(readFileSync(join(repoRoot, 'helm/perplexica/values.yaml'), 'utf8'));
    expect(values).toEqual(helmValues());
    expect(Object.keys(values.services).sort()).toEqual(services.map((s) => s.name).sort());
    for (const entry of services) {
      expect(values.services[entry.name]).toMatchObject({
        port: entry.port,
        image: imageOf(entry.name),
        paths: entry.publicPaths,
      });
      expect(values.services[entry.name].enabled).toBe(built.some((b) => b.name === entry.name));
    }
  });

  it('its templates range over the services instead of one file per service', () => {
    const template = readFileSync(join(repoRoot, 'helm/perplexica/templates/services.yaml'), 'utf8');
    expect(template).toContain('range $name, $svc := .Values.services');
    for (const kind of [
      'ServiceAccount',
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
    ]) {
      expect(template).toContain(`kind: ${kind}`);
    }
    for (const file of [
      'ingress.yaml',
      'networkpolicies.yaml',
      'infra.yaml',
      'cronjobs.yaml',
      'middlewares.yaml',
      'web.yaml',
    ]) {
      expect(readFileSync(join(repoRoot, 'helm/perplexica/templates', file), 'utf8').length).toBeGreaterThan(
        100,
      );
    }
  });
});

describe('the Grafana dashboard', () => {
  it('charts requests, errors, latency per service, queue depth and cache hit rate from metrics we export', () => {
    const dashboard = JSON.parse(readFileSync(join(repoRoot, 'deploy/grafana/perplexica.json'), 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((panel: K8sObject) =>
      panel.targets.map((target: K8sObject) => target.expr),
    );
    const titles = dashboard.panels.map((panel: K8sObject) => panel.title).join(' | ');
    for (const topic of ['Requests', 'Errors', 'Latency', 'Queue depth', 'cache hit rate'])
      expect(titles).toContain(topic);
    // Every metric the dashboard reads is one the services export (the kit's, prom-client's
    // process metrics, or the ones our packages register).
    const exported = new Set([
      'http_request_duration_seconds_count',
      'http_request_duration_seconds_bucket',
      'queue_jobs',
      'search_cache_requests_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'process_cpu_seconds_total',
    ]);
    const sources = [
      readFileSync(join(repoRoot, 'packages/observability/src/metrics.ts'), 'utf8'),
      readFileSync(join(repoRoot, 'packages/redis/src/queue-metrics.ts'), 'utf8'),
      readFileSync(join(repoRoot, 'services/search-svc/src/app.ts'), 'utf8'),
    ].join('\n');
    for (const expr of exprs) {
      const metrics = expr.match(/[a-z_][a-z0-9_]*(?=\{|\[)/g) ?? [];
      for (const metric of metrics.filter(
        (m) => !['rate', 'sum', 'by', 'histogram_quantile', 'topk'].includes(m),
      )) {
        expect(exported.has(metric), `${metric} in ${expr}`).toBe(true);
      }
    }
    for (const own of ['http_request_duration_seconds', 'queue_jobs', 'search_cache_requests_total'])
      expect(sources).toContain(`'${own}'`);
  });
});
