import type { LogLine } from '../../domain/index.js';
import type { LogParser } from '../parser.js';
import { makeDiagnostic } from '../shared/emit.js';

/**
 * npm, yarn and pnpm failures: ERESOLVE (peer dependency conflicts), a missing script, a lockfile out of
 * sync with package.json, and other `npm error code X` failures. npm ≥ 9 prints `npm error`, older ones
 * `npm ERR!`.
 */
interface Rule {
  test: RegExp;
  code: string;
  tool: 'npm' | 'yarn' | 'pnpm';
  path?: string;
  message: (m: RegExpExecArray) => string;
}

const RULES: Rule[] = [
  {
    test: /^npm (?:error|ERR!) code (ERESOLVE)$/,
    code: 'ERESOLVE',
    tool: 'npm',
    path: 'package.json',
    message: () => 'ERESOLVE: unable to resolve the dependency tree (peer dependency conflict)',
  },
  {
    test: /^npm (?:error|ERR!) Missing script: "?([^"]+)"?$/,
    code: 'missing-script',
    tool: 'npm',
    path: 'package.json',
    message: (m) => `Missing script: "${m[1]}"`,
  },
  {
    test: /^npm (?:error|ERR!) `npm ci` can only install packages when your package\.json and package-lock\.json/,
    code: 'lockfile-out-of-sync',
    tool: 'npm',
    path: 'package-lock.json',
    message: () => 'package.json and package-lock.json are not in sync (npm ci)',
  },
  {
    test: /^npm (?:error|ERR!) code (E\d{3}|ENOTFOUND|ETIMEDOUT|ECONNRESET|ECONNREFUSED|EAI_AGAIN|ETARGET|E404|ENOENT|EACCES|EINTEGRITY)$/,
    code: '$1',
    tool: 'npm',
    message: (m) => `npm failed with ${m[1]}`,
  },
  {
    test: /^error Command "([^"]+)" not found\.$/,
    code: 'missing-script',
    tool: 'yarn',
    path: 'package.json',
    message: (m) => `Missing script: "${m[1]}"`,
  },
  {
    test: /^(?:error |YN0028: ).*(?:Your lockfile needs to be updated|The lockfile would have been modified)/,
    code: 'lockfile-out-of-sync',
    tool: 'yarn',
    path: 'yarn.lock',
    message: () => 'yarn.lock is out of date with package.json (frozen lockfile)',
  },
  {
    test: /^\s*ERR_PNPM_OUTDATED_LOCKFILE\b/,
    code: 'lockfile-out-of-sync',
    tool: 'pnpm',
    path: 'pnpm-lock.yaml',
    message: () => 'pnpm-lock.yaml is not up to date with package.json (frozen lockfile)',
  },
  {
    test: /^\s*ERR_PNPM_NO_SCRIPT\b.*Missing script: (\S+)/,
    code: 'missing-script',
    tool: 'pnpm',
    path: 'package.json',
    message: (m) => `Missing script: "${m[1]}"`,
  },
  {
    test: /^\s*ERR_PNPM_PEER_DEP_ISSUES\b/,
    code: 'ERESOLVE',
    tool: 'pnpm',
    path: 'package.json',
    message: () => 'Unmet peer dependencies',
  },
];

export const npmParser: LogParser = {
  name: 'npm',
  description: 'npm / yarn / pnpm install and script failures',
  interest: { firstChars: 'neYE', afterIndent: 'E' },
  create(sink) {
    let first: LogLine | undefined;
    let pending: { line: LogLine; rule: Rule; m: RegExpExecArray } | undefined;
    const flush = (last: number) => {
      if (!pending) return;
      const { line, rule, m } = pending;
      sink.diagnostic(
        makeDiagnostic(
          line,
          {
            tool: rule.tool,
            path: rule.path,
            code: rule.code.replace('$1', m[1] ?? ''),
            message: rule.message(m),
          },
          last,
        ),
      );
      pending = undefined;
    };
    return {
      get busy() {
        return pending !== undefined;
      },
      line(l) {
        const t = l.text;
        const c0 = t.charCodeAt(0);
        const npmLine = c0 === 110 /* n */ && (t.startsWith('npm error') || t.startsWith('npm ERR!'));
        if (!npmLine && pending) flush(first?.no ?? l.no);
        // Every line of interest starts with `npm`, `error`, `YN0`, or (pnpm) `ERR_PNPM_` after a space, which
        // pnpm prints as a thin space (U+2009).
        if (
          c0 !== 110 &&
          c0 !== 101 /* e */ &&
          c0 !== 89 /* Y */ &&
          c0 !== 69 /* E */ &&
          c0 !== 32 &&
          !(c0 > 127)
        )
          return;
        if (!(npmLine || t.startsWith('error ') || t.startsWith('YN0') || t.includes('ERR_PNPM_'))) return;
        for (const rule of RULES) {
          const m = rule.test.exec(t);
          if (!m) continue;
          // A specific npm message (ERESOLVE, missing script) beats the generic `code EUSAGE` before it.
          flush(l.no - 1);
          pending = { line: l, rule, m };
          first = l;
          return;
        }
        // The usage text and the debug-log pointer that follow explain nothing.
        if (
          pending &&
          npmLine &&
          /^npm (?:error|ERR!) (?:Usage:|Clean install|A complete log of this run|For a full report see)/.test(
            t,
          )
        )
          flush(first?.no ?? l.no);
        else if (pending && npmLine) first = l;
      },
      end() {
        flush(first?.no ?? 0);
      },
    };
  },
};
