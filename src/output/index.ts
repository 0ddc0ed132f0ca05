export { toJson } from './to-json.js';
export { toSarif } from './to-sarif.js';
export { toText, type TextOptions } from './to-text.js';
export { eventText, progressLine } from './event-text.js';
