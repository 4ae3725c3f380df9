export { type LocalStackEnv, localStackEnv, repoRoot } from './config.ts';
export { freePortOffset } from './port-offset.ts';
export { ensureSigningKeys, keyPathsIn } from './signing-keys.ts';
export { type LocalStackOptions, type RunningService, type RunningStack, startLocalStack } from './stack.ts';
export { readStackState, type StackState, stackStatePath } from './stack-state.ts';
export { LOCAL_NODE_FLAGS, type SupervisedProcess, superviseProcess } from './supervisor.ts';
export { ensureWebAppBuilt, webDist } from './web-app.ts';
