import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { overviewFile } from './standalone.js';
import { overview, XSS_ESCAPED } from './test-data.js';

const file = overviewFile(overview(), { web: 'https://github.com', days: 30 });
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
/** An attribute's value as a browser reads it. */
const unescape = (value: string) =>
  value
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function policy(): Map<string, string[]> {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(file);
  expect(meta).not.toBeNull();
  return new Map(
    unescape(meta![1]!)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('stats --html: the overview as one self-contained file', () => {
  it('loads nothing: no script, style sheet, image or frame from anywhere, only links to GitHub', () => {
    for (const tag of file.match(/<(script|link|img|iframe|object|embed|source|base)\b[^>]*>/gi) ?? [])
      expect(tag).not.toMatch(/\s(src|href|data|srcset)=/i);
    // Every address in an attribute is a link's: an <a href>.
    const attributes = [...file.matchAll(/<(\w+)[^>]*?\s(?:src|href|action|srcset|poster|data)="([^"]*)"/gi)];
    for (const [, element, value] of attributes) {
      expect(element!.toLowerCase(), value).toBe('a');
      expect(value).toMatch(/^https:\/\/github\.com\//);
    }
    expect(file).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//i);
    expect(file).not.toContain('<form');
  });

  it('its policy allows exactly its inline scripts and styles, by their SHA-256, and nothing inline else', () => {
    const csp = policy();
    expect(csp.get('default-src')).toEqual(["'none'"]);
    const blocks = (tag: 'script' | 'style') =>
      [...file.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, 'gs'))].map((m) => sha256(m[1]!));
    const scripts = blocks('script');
    const styles = blocks('style');
    // uPlot and our script; uPlot's style sheet and ours.
    expect(scripts).toHaveLength(2);
    expect(styles).toHaveLength(2);
    expect(csp.get('script-src')).toEqual(scripts);
    expect(csp.get('style-src')).toEqual(styles);
    expect(file).not.toContain('unsafe-inline');
    // The data block is not run, so it needs no hash; it is the only other script.
    expect(file.match(/<script\b/g)).toHaveLength(3);
    expect(file).toContain('<script type="application/json" id="dashboard-data">');
  });

  it("shows the overview's figures, and what a user typed as text", () => {
    expect(file).toContain('data-figure="success_rate"');
    expect(file).toContain(XSS_ESCAPED);
    expect(file).not.toContain('<script>alert');
    // No server behind it: the job has no page to link to.
    expect(file).not.toContain('href="/dashboard');
  });
});
