import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chartScript } from './client/draw-charts.js';
import { DASHBOARD_CSS } from './style.js';

/** One file the pages load: its text, its type, its content hash (for the CSP and the URL). */
export interface Asset {
  text: string;
  type: string;
  /** base64 SHA-256, as a CSP source `'sha256-…'` names it. */
  sha256: string;
  /** Its name under /dashboard/assets/, with a part of its hash: a new version is a new URL. */
  name: string;
}

/** The chart library (uPlot, bundled in the page, never from a CDN), its style sheet, ours, our script. */
export interface DashboardAssets {
  chartLibrary: Asset;
  chartStyle: Asset;
  style: Asset;
  script: Asset;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

function asset(base: string, extension: 'js' | 'css', text: string): Asset {
  const hash = createHash('sha256').update(text, 'utf8').digest();
  const short = hash.toString('hex').slice(0, 12);
  return {
    text,
    type: extension === 'js' ? JS : CSS,
    sha256: hash.toString('base64'),
    name: `${base}.${short}.${extension}`,
  };
}

/**
 * Read once per server (or per `stats --html`): uPlot's files from its installed package, which the
 * service's image keeps (a runtime dependency) and Node finds from the source, the CLI's bundle
 * (dist/bundle/) and the image alike; our style and script from the code itself.
 */
export function loadAssets(): DashboardAssets {
  // Not named `require`: the bundler would take it for the CommonJS one and try to resolve it at build time.
  const packages = createRequire(import.meta.url);
  const read = (file: string) => readFileSync(packages.resolve(`uplot/dist/${file}`), 'utf8');
  return {
    chartLibrary: asset('uPlot', 'js', read('uPlot.iife.min.js')),
    chartStyle: asset('uPlot', 'css', read('uPlot.min.css')),
    style: asset('dashboard', 'css', DASHBOARD_CSS),
    script: asset('dashboard', 'js', chartScript()),
  };
}

/** The asset a name under /dashboard/assets/ names, if any. */
export function assetNamed(assets: DashboardAssets, name: string): Asset | undefined {
  return Object.values(assets).find((a) => a.name === name);
}
