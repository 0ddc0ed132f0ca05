export { Triage } from './triage.js';
export { infrastructureCause, INFRASTRUCTURE, type InfrastructureCause } from './infrastructure.js';
export type { Verdict } from '../tools/index.js';
export { languageOf, maskMessage, signatureOf, type Signature } from './signature.js';
