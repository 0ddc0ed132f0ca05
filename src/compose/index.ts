/**
 * The one composition root: the concrete adapters (sandbox, git, GitHub, the model, the stores of this
 * process) built and wired for `cli`, `serve` and the Action alike. The entry points add only how they
 * render the jobs' events and where their settings come from.
 */
export { chooseModel, modelDeps } from './choose-model.js';
export { fixJobDeps, type SandboxKind } from './fix-deps.js';
export { forgeFor, forgesFor, webhookOf } from './github.js';
export { prJobDeps } from './pr-deps.js';
export { runPr, type PrRunContext, type PrRunOptions } from './run-pr.js';
