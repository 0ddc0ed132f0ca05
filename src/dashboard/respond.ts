import type { ServerResponse } from 'node:http';
import type { Asset, DashboardAssets } from './assets.js';
import { documentText } from './html.js';
import { layout, type Page } from './layout.js';

/**
 * Every dashboard answer carries these: a policy that lets the page load only the service's own scripts
 * and styles (no inline script, no CDN, no request elsewhere), no framing, no sniffing, no referrer to
 * another site (the pages' URLs name repositories and jobs).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON = {
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  // Not no-referrer: under it a browser posts the login form with `Origin: null`, which auth.ts refuses.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export interface PageAnswer {
  status: number;
  page: Page;
  headers?: Record<string, string>;
}

/** A page, never cached: it shows the store as it is, to whoever was allowed to see it. */
export function sendPage(
  res: ServerResponse,
  answer: PageAnswer,
  delivery: { assets: DashboardAssets; query?: string; signedIn?: boolean },
): void {
  const text = documentText(layout(answer.page, { kind: 'served', ...delivery }));
  res.writeHead(answer.status, {
    ...COMMON,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...answer.headers,
  });
  res.end(text);
}

/** An asset: its URL changes with its content, so it may be kept for good. */
export function sendAsset(res: ServerResponse, asset: Asset): void {
  res.writeHead(200, {
    ...COMMON,
    'content-type': asset.type,
    'cache-control': 'public, max-age=31536000, immutable',
    'content-length': Buffer.byteLength(asset.text),
  });
  res.end(asset.text);
}

/** A redirect after a form post (303: the browser follows it with a GET). */
export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { ...COMMON, location, 'cache-control': 'no-store', 'content-length': 0, ...headers });
  res.end();
}

/** An answer that is not a page (the dashboard off, a wrong method on an asset). */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = `${JSON.stringify({ error: message })}\n`;
  res.writeHead(status, {
    ...COMMON,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
