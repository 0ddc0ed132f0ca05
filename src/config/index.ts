export { CONFIG_FILE } from './config-file.js';
export { loadConfig, parseConfig } from './load-config.js';
export { configJsonSchema } from './json-schema.js';
export { repoConfigSchema, type RepoConfig } from './schema.js';
export {
  autoApprove,
  githubAuth,
  githubWriteSpacingMs,
  setting,
  type GitHubAuthSetting,
  takeSecrets,
  SECRET_SETTINGS,
} from './env-settings.js';
