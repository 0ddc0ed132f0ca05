import { createHash } from 'node:crypto';
import type { Diagnostic } from '../domain/index.js';
import { toolFor } from '../tools/index.js';

/**
 * What kind of failure a finding is, whatever file, repository or name it is about: the fix memory
 * (issue 23) keys what it learnt by it. Two findings have the same signature when the same tool reports
 * the same rule with the same message once names, literals, paths and numbers are masked, in the same
 * language.
 */
export interface Signature {
  /** 16 hex digits of a hash of the other fields: the memory's key, and what `memory show` takes. */
  id: string;
  tool: string;
  /** The rule code, or '' when the tool gives none. */
  code: string;
  /** From the file's extension; '' when the finding has no file or an unknown one. */
  language: string;
  /** The message's first line, masked. */
  pattern: string;
}

const LANGUAGES: Readonly<Record<string, string>> = {
  py: 'python',
  pyi: 'python',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  json: 'json',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
};

export function languageOf(path: string | undefined): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path ?? '')?.[1]?.toLowerCase();
  return (ext && LANGUAGES[ext]) ?? '';
}

// In order: quoted text first (a quote may hold a path or a number), then paths, names, numbers. An
// apostrophe after a letter (`doesn't`) opens no quote. Each regex is linear: no nested quantifiers.
const MASKS: ReadonlyArray<[RegExp, (m: string) => string]> = [
  [/(?<![\w'])'[^'\n]*'|"[^"\n]*"|`[^`\n]*`|‘[^’\n]*’|“[^”\n]*”|<[^<>\s][^<>\n]*>/g, () => '<q>'],
  // A path ends in a file extension or starts at the root (`/healthz`); `and/or` is prose.
  [
    /(?:[A-Za-z]:)?(?:[\w.-]*[/\\])+[\w-]+\.\w+|(?<=^|\s)\/[\w.-][\w./-]*|\b[\w-]+\.(?:py|pyi|[cm]?[jt]sx?|go|rs|java|kt|json|ya?ml|toml)\b/g,
    () => '<path>',
  ],
  // Dotted, snake_case and camelCase names are code, not prose; an exception's class names its kind.
  [
    /\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\b|\b[A-Za-z]*_\w*\b|\b[a-z]+[A-Z]\w*\b/g,
    (m) => (/(?:Error|Exception|Warning)$/.test(m) ? m.slice(m.lastIndexOf('.') + 1) : '<name>'),
  ],
  [/\b0x[0-9a-fA-F]+\b|\b\d+(?:\.\d+)*\b/g, () => '<n>'],
];

/** The groups of `re` (flags `gd`) in `text`, each replaced by `<name>`. */
function maskGroups(text: string, re: RegExp): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(re))
    for (const span of m.indices?.slice(1) ?? []) {
      if (!span || span[0] < at) continue;
      out += `${text.slice(at, span[0])}<name>`;
      at = span[1];
    }
  return out + text.slice(at);
}

/** The message's first line with what differs between two findings of one kind masked. */
export function maskMessage(message: string, tool = ''): string {
  let text = message.split('\n', 1)[0]!.trim();
  for (const re of toolFor(tool)?.unquotedNames ?? []) text = maskGroups(text, re);
  for (const [re, to] of MASKS) text = text.replace(re, (m) => (m === '<name>' ? m : to(m)));
  return text.replace(/<name>(?:\.<name>)+/g, '<name>').replace(/\s+/g, ' ');
}

export function signatureOf(d: Pick<Diagnostic, 'message' | 'source' | 'code' | 'location'>): Signature {
  const tool = d.source.name;
  const code = d.code?.value ?? '';
  const language = languageOf(d.location?.path);
  const pattern = maskMessage(d.message, tool);
  const id = createHash('sha256').update([tool, code, language, pattern].join('\u0000')).digest('hex');
  return { id: id.slice(0, 16), tool, code, language, pattern };
}

/**
 * The code a finding is about, modulo layout: its line, and it with the line on each side, whitespace
 * removed, hashed (16 hex digits). Two findings of one signature on equal code are the same problem: what people
 * said of a fix of one holds for the other.
 */
export function codeKey(file: string, line: number): string {
  const lines = file.split('\n');
  const flat = (text: string) => text.replace(/\s+/g, '');
  // The line itself and its window: two adjacent findings share most of a window, never their line.
  const own = flat(lines[line - 1] ?? '');
  const around = flat(lines.slice(Math.max(0, line - 2), line + 1).join(''));
  return createHash('sha256').update(`${own}\u0000${around}`).digest('hex').slice(0, 16);
}
