export { Triage } from './triage.js';
export { infrastructureCause, INFRASTRUCTURE, type InfrastructureCause } from './infrastructure.js';
export type { Verdict } from '../tools/index.js';
export { codeKey, languageOf, maskMessage, signatureOf, type Signature } from './signature.js';
