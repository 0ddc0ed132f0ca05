export { Triage } from './triage.js';
export type { Verdict } from './verdict.js';
