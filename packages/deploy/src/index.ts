export {
  builtServices,
  domain,
  downloadBuckets,
  hosts,
  imageOf,
  imageTag,
  namespaces,
  repoRoot,
  web,
} from './cluster.ts';
export { appSettings, urlVariableOf } from './config.ts';
export { helmFiles, helmValues } from './helm.ts';
export { k3sFiles } from './manifests.ts';
export { CONFIG_MAP, type K8sObject, secretEnvOf } from './workloads.ts';
