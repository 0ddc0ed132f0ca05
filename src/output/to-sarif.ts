import { createHash } from 'node:crypto';
import type { Analysis, Diagnostic } from '../domain/index.js';

/**
 * SARIF 2.1.0 for GitHub code scanning: one run per tool, a rule per code, results only for diagnostics
 * with a file (code scanning shows results at a place in the repository; the others stay in JSON/text).
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function fingerprint(d: Diagnostic): string {
  return createHash('sha256')
    .update([d.source.name, d.code?.value ?? '', d.location?.path ?? '', d.message].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

export function toSarif(a: Analysis, version: string): string {
  const byTool = new Map<string, Diagnostic[]>();
  for (const d of a.diagnostics) {
    if (!d.location) continue;
    const list = byTool.get(d.source.name) ?? [];
    list.push(d);
    byTool.set(d.source.name, list);
  }
  const runs = [...byTool.entries()].map(([tool, list]) => {
    const rules = new Map<string, { id: string; helpUri?: string }>();
    for (const d of list) {
      const id = d.code?.value ?? tool;
      if (!rules.has(id)) rules.set(id, d.code?.url ? { id, helpUri: d.code.url } : { id });
    }
    const ruleIds = [...rules.keys()];
    return {
      tool: {
        driver: {
          name: tool,
          informationUri: 'https://github.com/ci-autofix/ci-autofix',
          version,
          rules: [...rules.values()].map((r) => ({ ...r, shortDescription: { text: r.id } })),
        },
      },
      automationDetails: { id: `ci-autofix/${tool}/` },
      results: list.map((d) => {
        const start = d.location!.range?.start;
        const end = d.location!.range?.end;
        const region: Record<string, number> = { startLine: start?.line ?? 1 };
        if (start?.column) region.startColumn = start.column;
        if (end?.line) region.endLine = end.line;
        if (end?.column) region.endColumn = end.column;
        const id = d.code?.value ?? tool;
        return {
          ruleId: id,
          ruleIndex: ruleIds.indexOf(id),
          level: LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.location!.path, uriBaseId: '%SRCROOT%' },
                region,
              },
            },
          ],
          partialFingerprints: { 'ciAutofix/v1': fingerprint(d) },
          properties: {
            category: d.category,
            fixability: d.fixability,
            ...(d.reason ? { reason: d.reason } : {}),
            logLines: d.log.lines,
            step: d.log.step,
          },
        };
      }),
      columnKind: 'unicodeCodePoints',
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: runs.length
      ? runs
      : [
          {
            tool: {
              driver: {
                name: 'ci-autofix',
                informationUri: 'https://github.com/ci-autofix/ci-autofix',
                version,
                rules: [],
              },
            },
            results: [],
          },
        ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
