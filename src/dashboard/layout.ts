import type { Asset, DashboardAssets } from './assets.js';
import type { FigureData } from './client/draw-charts.js';
import { html, inlineAsset, jsonBlock, type Html } from './html.js';
import { attr } from './table.js';

/** The pages a reader moves between; `file` is `stats --html`'s self-contained overview. */
export const SECTIONS = [
  { key: 'overview', path: '/dashboard', label: 'Overview' },
  { key: 'repositories', path: '/dashboard/repositories', label: 'Repositories' },
  { key: 'tools', path: '/dashboard/tools', label: 'Categories, tools, fixers' },
  { key: 'failures', path: '/dashboard/failures', label: 'Flaky & infrastructure' },
  { key: 'memory', path: '/dashboard/memory', label: 'Fix memory' },
  { key: 'jobs', path: '/dashboard/jobs', label: 'Jobs' },
] as const;
export type Section = (typeof SECTIONS)[number]['key'];

export interface Page {
  title: string;
  section?: Section;
  body: Html;
  /** The figures the script draws; without them the page loads no script at all. */
  figures?: FigureData[];
  /** false: no links to the sections (the login page, whose reader may see none of them). */
  navigation?: boolean;
}

/** How the page gets its assets: from the service, or inlined into one file. */
export interface Delivery {
  kind: 'served' | 'file';
  assets: DashboardAssets;
  /** served: a query kept across the sections (the window: `?days=30`); a logout button when signed in. */
  query?: string;
  signedIn?: boolean;
}

/** The policy of the self-contained file: exactly its inline scripts and styles, by hash, nothing else. */
export function fileCsp(assets: DashboardAssets): string {
  const hashes = (list: Asset[]) => list.map((a) => `'sha256-${a.sha256}'`).join(' ');
  return [
    "default-src 'none'",
    `script-src ${hashes([assets.chartLibrary, assets.script])}`,
    `style-src ${hashes([assets.chartStyle, assets.style])}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function layout(page: Page, delivery: Delivery): Html {
  const { assets } = delivery;
  const file = delivery.kind === 'file';
  const styles = [assets.chartStyle, assets.style];
  const scripts = page.figures?.length ? [assets.chartLibrary, assets.script] : [];
  // Served pages name an empty icon: without one a browser asks for /favicon.ico, a 404 in its console.
  return html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      ${file ? html`<meta http-equiv="Content-Security-Policy" content="${fileCsp(assets)}" />` : ''}
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="same-origin" />
      ${file ? '' : html`<link rel="icon" href="data:," />`}
      <title>${page.title} · ci-autofix</title>
      ${styles.map((a) => (file ? inlineAsset('style', a.text) : html`<link rel="stylesheet" href="/dashboard/assets/${a.name}" />`))}
      ${scripts.map((a) => (file ? '' : html`<script src="/dashboard/assets/${a.name}" defer></script>`))}
    </head>
    <body>
      <header>
        <span class="brand">ci-autofix</span
        >${file || page.navigation === false ? '' : navigation(page.section, delivery)}
      </header>
      <main id="main">${page.body}</main>
      ${page.figures?.length ? jsonBlock('dashboard-data', { figures: page.figures }) : ''}
      ${file ? scripts.map((a) => inlineAsset('script', a.text)) : ''}
    </body>
  </html>`;
}

function navigation(current: Section | undefined, delivery: Delivery): Html {
  const query = delivery.query ?? '';
  return html`<nav aria-label="Dashboard">
      <ul>
        ${SECTIONS.map(
          (s) =>
            html`<li>
              <a
                href="${s.path}${s.key === 'jobs' ? '' : query}"
                ${attr('aria-current', s.key === current ? 'page' : undefined)}
                >${s.label}</a
              >
            </li>`,
        )}
      </ul>
    </nav>
    ${delivery.signedIn ? html`<form method="post" action="/dashboard/logout"><button type="submit">Sign out</button></form>` : ''}`;
}
