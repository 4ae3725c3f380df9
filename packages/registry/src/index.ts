export {
  type CacheWorkerJob,
  cacheWorkerCalls,
  cacheWorkerJobs,
  type Deployment,
  type Infra,
  routeApiPath,
  routeLocalPath,
  type SecretRef,
  type ServiceEntry,
  serviceNamed,
  services,
} from './services.ts';
