export { DASHBOARD_MODES, DASHBOARD_OFF, MIN_TOKEN_LENGTH, type DashboardAccess } from './access.js';
export { githubWebUrl } from './github-links.js';
export {
  dashboardHandler,
  dashboardOff,
  type DashboardHandler,
  type DashboardOptions,
  type DashboardRequest,
} from './routes.js';
export type { DashboardSource } from './source.js';
export { overviewFile } from './standalone.js';
export { storeSource } from './store-source.js';
