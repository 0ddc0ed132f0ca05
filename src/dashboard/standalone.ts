import type { DashboardOverview } from '../store/dashboard-types.js';
import { loadAssets } from './assets.js';
import { documentText } from './html.js';
import { layout } from './layout.js';
import { overviewPage } from './pages/overview.js';

/**
 * `ci-autofix stats --html FILE`: the overview as one self-contained file, for a cron job or a CI
 * artifact. uPlot, its style, ours and our script are inlined; the file's own policy (a `<meta>` CSP)
 * allows exactly those blocks by their SHA-256 and nothing else, so the file makes no request at all.
 * Links (to GitHub) stay links; job pages need the service, so job ids are not links.
 */
export function overviewFile(overview: DashboardOverview, options: { web: string; days: number }): string {
  const page = overviewPage(overview, { web: options.web, linkJobs: false, days: options.days });
  return documentText(layout(page, { kind: 'file', assets: loadAssets() }));
}
