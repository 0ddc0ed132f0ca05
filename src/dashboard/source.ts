import type { DashboardOverview, JobDetail, JobListRow, Page } from '../store/dashboard-types.js';

/**
 * Where the pages' data comes from: the store's dashboard queries in the service (`storeSource`), plain
 * objects in tests. The pages never query anything themselves.
 */
export interface DashboardSource {
  /** The overview of the last `days` days, with the latest `limit` jobs. */
  overview(options: { days: number; limit: number }): Promise<DashboardOverview>;
  jobs(options: {
    repository?: string;
    outcome?: string;
    cursor?: string;
    limit: number;
  }): Promise<Page<JobListRow>>;
  job(id: string): Promise<JobDetail | undefined>;
}
