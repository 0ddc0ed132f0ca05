import type { ParsedDiagnostic } from '../../domain/index.js';
import type { ToolPlugin } from '../plugin.js';
import { v, type Verdict } from '../verdict.js';
import { staticcheckParser } from './staticcheck-parser.js';
import { compileVerdict } from './triage.js';

const NO_FIX = 'staticcheck has no fix mode';

/** ST1003's `func GetId should be GetID` (or `method T.GetId …`) names an exported identifier. */
function exportedName(message: string): boolean {
  const m = /(?:^|; )(?:func|var|const|type|method|struct field|field) (\S+) should be /.exec(message);
  return !!m && /^[A-Z]/.test(m[1]!.slice(m[1]!.lastIndexOf('.') + 1));
}

/**
 * staticcheck has no fix mode, so its findings are a model's, but for two kinds: a package that does not
 * type-check (`compile`) is judged as the compiler's error would be (an unused import is goimports'), and
 * renaming an exported identifier (ST1003) changes the package's API, which a person decides.
 */
export function staticcheckVerdict(d: ParsedDiagnostic): Verdict {
  const code = d.code?.value ?? '';
  const m = d.message;
  if (code === 'compile') return compileVerdict(m);
  if (code === 'ST1003' && exportedName(m))
    return v('lint', 'none', "renaming an exported identifier changes the package's API: a person decides");
  if (code === 'SA1019')
    return v('lint', 'llm', `a deprecated API is used; ${NO_FIX}: a model moves to its replacement`);
  if (code === 'U1000') return v('lint', 'llm', `unused code; ${NO_FIX}: a model removes or uses it`);
  if (code.startsWith('SA')) return v('lint', 'llm', `a likely bug; ${NO_FIX}`);
  if (code.startsWith('ST')) return v('lint', 'llm', `a style check; ${NO_FIX}`);
  return v('lint', 'llm', `a simplification; ${NO_FIX}`);
}

/**
 * S1038's own rewrite of a test's failure line: `t.Fatal(fmt.Sprintf(f, x))` → `t.Fatalf(f, x)` (and
 * Error, Log, Skip, Print, Panic): the same assertion, so the safety policy lets it through on the line
 * the finding names.
 */
const S1038 = /\b(\w+)\.(Fatal|Error|Log|Skip|Print|Panic)\(fmt\.Sprintf\((.*)\)\)/g;

export const staticcheck: ToolPlugin = {
  name: 'staticcheck',
  parser: staticcheckParser,
  verdict: staticcheckVerdict,
  assertionRewrites: { S1038: (line) => [line.replace(S1038, '$1.$2f($3)')] },
  // `self-assignment of x to x`, `Sprintf doesn't have side effects …`.
  unquotedNames: [/^self-assignment of (\S+) to (\S+)/dg, /^(\w+) doesn't have side effects/dg],
  check: { configuredBy: { files: ['staticcheck.conf'] }, commands: [['staticcheck', './...']] },
};
