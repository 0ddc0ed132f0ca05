export * from './diagnostic.js';
export * from './analysis.js';
export * from './errors.js';
export * from './log-line.js';
export * from './triage-config.js';
export * from './safety-defaults.js';
export * from './events.js';
