import { listJobs, readJob, readOverview, type Queryable } from '../store/index.js';
import type { DashboardSource } from './source.js';

/** The pages' data from the service's database: the store's dashboard queries (store/dashboard-queries.ts). */
export function storeSource(db: Queryable): DashboardSource {
  return {
    overview: (options) => readOverview(db, options),
    jobs: (options) => listJobs(db, options),
    job: (id) => readJob(db, id),
  };
}
