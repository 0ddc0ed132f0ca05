export { Triage } from './triage.js';
export type { Verdict } from '../tools/index.js';
