export { BwrapSandbox, bwrapArgs } from './bwrap-sandbox.js';
export { bwrapWorks, chooseSandbox, type SandboxChoice } from './choose-sandbox.js';
export { isSecretName, sandboxEnv, SCOPED_TOKEN } from './env-allow-list.js';
export { LocalSandbox } from './local-sandbox.js';
export type { ExecResult, RunRequest, Sandbox, SandboxBackend } from './sandbox.js';
