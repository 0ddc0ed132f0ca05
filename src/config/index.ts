export { CONFIG_FILE, loadConfig, parseConfig } from './load-config.js';
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
