import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../src/index.ts';
import type { K8sObject } from '../src/workloads.ts';

/** `kubectl kustomize <dir>`: what `kubectl apply -k` would send, as objects. */
export function kustomize(dir: string): K8sObject[] {
  const output = execFileSync('kubectl', ['kustomize', join(repoRoot, dir)], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseAllDocuments(output)
    .map((document) => document.toJS() as K8sObject)
    .filter(Boolean);
}

// The model class of each apiVersion/kind, for schema validation.
const modules: Record<string, () => Promise<Record<string, unknown>>> = {
  v1: () => import('kubernetes-models/v1'),
  'apps/v1': () => import('kubernetes-models/apps/v1'),
  'autoscaling/v2': () => import('kubernetes-models/autoscaling/v2'),
  'policy/v1': () => import('kubernetes-models/policy/v1'),
  'batch/v1': () => import('kubernetes-models/batch/v1'),
  'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
  'traefik.io/v1alpha1': () => import('@kubernetes-models/traefik/traefik.io/v1alpha1'),
  'monitoring.coreos.com/v1': () => import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1'),
  'argoproj.io/v1alpha1': () => import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1'),
  'external-secrets.io/v1beta1': () =>
    import('@kubernetes-models/external-secrets/external-secrets.io/v1beta1'),
};

/** Validates an object against its Kubernetes (or CRD) JSON schema; throws naming what is wrong. */
export async function validate(object: K8sObject): Promise<void> {
  const load = modules[object.apiVersion];
  if (!load) throw new Error(`no schema for ${object.apiVersion}`);
  const Model = (await load())[object.kind] as (new (data: unknown) => { validate(): void }) | undefined;
  if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(
      `${object.kind} ${object.metadata?.namespace}/${object.metadata?.name}: ${(error as Error).message}`,
    );
  }
}

export const named = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind);
