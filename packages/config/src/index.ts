export {
  flag,
  jwtEnv,
  kitEnv,
  list,
  pem,
  port,
  positiveInt,
  postgresEnv,
  redisEnv,
  serviceAuthEnv,
  urlWith,
} from './kit-env.ts';
export { ConfigError, loadConfig, loadConfigOrExit } from './load-config.ts';
