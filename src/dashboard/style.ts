/**
 * The dashboard's style sheet. Kept here, as text, so that it travels with the code into the CLI's
 * bundle and the image with no file to copy; served as /dashboard/assets/dashboard.<hash>.css and inlined
 * (hashed in the CSP) by `stats --html`. No inline style attribute anywhere: the CSP refuses them.
 */
export const DASHBOARD_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --card: #f6f8fa;
  --line: #d1d9e0; --link: #0969da; --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #151b23; --line: #3d444d;
    --link: #4493f8; --ok: #3fb950; --warn: #d29922; --bad: #f85149; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
  background: var(--bg); }
a { color: var(--link); }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1.5rem; padding: 0.75rem 1.5rem;
  border-bottom: 1px solid var(--line); }
header .brand { font-weight: 600; font-size: 1.1rem; }
nav ul { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; list-style: none; }
nav a[aria-current="page"] { font-weight: 600; color: var(--fg); text-decoration: none; }
main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.4rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 0.5rem; }
.muted, figcaption small { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.75rem; margin: 0; }
.cards div { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.8rem; }
.cards dt { color: var(--muted); font-size: 0.85rem; }
.cards dd { margin: 0; font-size: 1.3rem; font-weight: 600; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 34rem), 1fr)); gap: 1rem; }
figure { margin: 0; padding: 0.75rem; border: 1px solid var(--line); border-radius: 6px; min-width: 0; }
figcaption { font-weight: 600; margin-bottom: 0.5rem; }
.chart { min-height: 240px; }
details summary { cursor: pointer; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: var(--card); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.text { overflow-wrap: anywhere; max-width: 40rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; }
meter { width: 6rem; }
.outcome { font-weight: 600; }
.outcome-fixed { color: var(--ok); }
.outcome-partial, .outcome-not-fixable, .outcome-skipped { color: var(--warn); }
.outcome-failed, .outcome-validation-failed { color: var(--bad); }
form.filters, form.login { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; margin: 0.5rem 0 1rem; }
form.login { flex-direction: column; align-items: start; max-width: 24rem; }
label { display: flex; flex-direction: column; gap: 0.2rem; }
input, select, button { font: inherit; padding: 0.3rem 0.5rem; }
.pager { display: flex; gap: 1rem; margin-top: 1rem; }
ol.timeline { list-style: none; padding: 0; margin: 0; }
ol.timeline li { display: grid; grid-template-columns: 6rem 6rem 1fr; gap: 0.75rem; padding: 0.3rem 0;
  border-bottom: 1px solid var(--line); }
.error { color: var(--bad); }
`;
