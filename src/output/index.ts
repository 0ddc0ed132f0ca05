export { toJson } from './to-json.js';
export { toSarif } from './to-sarif.js';
export { toText, type TextOptions } from './to-text.js';
