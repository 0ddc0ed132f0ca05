import { describe, expect, it } from 'vitest';
import { escapeHtml, html, inlineAsset, jsonBlock } from './html.js';
import { safeNext } from './pages/login.js';
import { XSS, XSS_ESCAPED } from './test-data.js';

describe('html: one escaping function for everything a template is given', () => {
  it('escapes text and attribute values, markup made by a template only once', () => {
    expect(escapeHtml(XSS)).toBe(XSS_ESCAPED);
    const inner = html`<b>${XSS}</b>`;
    expect(html`<p title="${XSS}">${inner} ${[XSS, 3, null, false, undefined]}</p>`.toString()).toBe(
      `<p title="${XSS_ESCAPED}"><b>${XSS_ESCAPED}</b> ${XSS_ESCAPED}3</p>`,
    );
  });

  it('a string that looks like markup stays text, whatever it claims', () => {
    const fake = { markup: '<script>alert(1)</script>', toString: () => '<script>alert(1)</script>' };
    expect(html`${fake as unknown as string}`.toString()).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a JSON block no string can close or comment out, and that parses back as given', () => {
    const data = { text: `</script><script>alert(1)</script><!-- ${XSS} \u2028` };
    const block = jsonBlock('dashboard-data', data).toString();
    const body = /^<script type="application\/json" id="dashboard-data">(.*)<\/script>$/s.exec(block)![1]!;
    expect(body).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(body)).toEqual(data);
  });

  it('an inlined asset cannot end its own element', () => {
    expect(inlineAsset('style', 'a{}').toString()).toBe('<style>a{}</style>');
    expect(() => inlineAsset('script', 'x = "</SCRIPT>"')).toThrow(/must not contain/);
    expect(() => inlineAsset('script', 'x = "<!--"')).toThrow(/must not contain/);
  });
});

describe('after signing in, the login goes only to a dashboard page', () => {
  it.each([
    ['/dashboard/jobs?outcome=fixed', '/dashboard/jobs?outcome=fixed'],
    ['/dashboard', '/dashboard'],
    ['//evil.example/dashboard', '/dashboard'],
    ['https://evil.example/dashboard', '/dashboard'],
    ['/dashboard/\\evil.example', '/dashboard'],
    ['/dashboardx', '/dashboard'],
    ['/dashboard/\r\nset-cookie: x', '/dashboard'],
    [null, '/dashboard'],
  ])('%j → %s', (next, to) => expect(safeNext(next)).toBe(to));
});
