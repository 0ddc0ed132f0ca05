import type { Page } from 'playwright-core';
import { count, duration, percent, usd } from '../../src/dashboard/format.js';
import type { Stats } from '../../src/store/index.js';

/** The overview's cards as the page shows them (`data-stat` → its value's text), and its window's start. */
export async function overviewCards(page: Page): Promise<{ since: string; cards: Record<string, string> }> {
  const since = /since (\d{4}-\d\d-\d\d)/.exec(await page.locator('h1').innerText())?.[1];
  if (!since) throw new Error('the overview names no window ("since YYYY-MM-DD" in its heading)');
  const cards = Object.fromEntries(
    await page
      .locator('[data-stat]')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-stat'), e.querySelector('dd')!.textContent!.trim()]),
      ),
  ) as Record<string, string>;
  return { since, cards };
}

/** The cards the overview must show for `ci-autofix stats --format json`'s figures of the same window. */
export function cardsOf(s: Stats): Record<string, string> {
  return {
    jobs: count(s.jobs.total),
    success_rate: percent(s.success_rate),
    fixed: count(s.jobs.fixed),
    partial: count(s.jobs.partial),
    not_fixable: count(s.jobs.not_fixable),
    failed: count(s.jobs.failed),
    time_to_green_p50: duration(s.time_to_fix_ms.p50),
    time_to_green_p95: duration(s.time_to_fix_ms.p95),
    cost: usd(s.cost.total_usd),
    cost_per_fix: usd(s.cost.per_fix_usd),
    memory_hit_rate: percent(s.memory.hit_rate),
  };
}
