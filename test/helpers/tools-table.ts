import { toolList, type ToolPlugin } from '../../src/tools/index.js';

const code = (s: string) => `\`${s}\``;

function row(t: ToolPlugin): string {
  const name = [t.name, ...(t.aliases ?? [])].map(code).join(', ');
  const reads = t.parser ? (t.runsTests ? 'yes (test runs)' : 'yes') : '—';
  const fixes = t.fixers?.length
    ? t.fixers.map((f) => code(f.name)).join(', ')
    : t.pin?.fixedBy
      ? `${code(t.pin.fixedBy)}'s, rule for rule`
      : '—';
  const asks = t.ask ? 'yes' : '—';
  const pin = t.pin
    ? `${t.pin.ecosystem}${t.pin.provisioned ? '' : ', its own install only'}${t.pin.helper ? `; ${t.pin.helper.version} for ci-autofix's own use` : ''}`
    : '—';
  const check = t.check ? t.check.commands.map((c) => code(c.join(' '))).join('; ') : '—';
  const silenced = t.suppressions?.length ? String(t.suppressions.length) : '—';
  return `| ${name} | ${reads} | ${fixes} | ${asks} | ${pin} | ${check} | ${silenced} |`;
}

/** The README's table of supported tools, one row per plugin of the registry, in its order. */
export function toolsTable(): string {
  return [
    '| tool | reads its output | fix modes | asked what it can fix | pinned version installed | checked with, when a repository declares no check | ways to silence it refused |',
    '|---|---|---|---|---|---|---|',
    ...toolList.map(row),
  ].join('\n');
}
