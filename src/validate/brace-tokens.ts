/**
 * Go, Rust and JSON as token streams, for the question js-tokens.ts answers for JavaScript: did a change
 * alter code, or only its layout (gofmt, rustfmt, a JSON formatter)? Whitespace and comments are dropped,
 * and so is a trailing comma before a closing bracket (rustfmt and JSON formatters add or drop it).
 * Operators are read whole (Go's `<-` is not `<` then `-`). What a formatter may reorder is compared as
 * a set: Go's parenthesised imports (gofmt sorts them) and Rust's `use` declarations, each tree flattened
 * to its paths (rustfmt sorts the declarations of a run and the names in their braces). Strings keep
 * their text exactly: these formatters never change a literal. Linear in the input; evaluates nothing.
 */
import { divergingTails, rustUsesAsSets, splitShifts, unwrapRustBlocks } from './brace-rust.js';

export type BraceLanguage = 'go' | 'rust' | 'json';

const OPERATORS: Record<BraceLanguage, readonly string[]> = {
  go: ['<<=', '>>=', '&^=', '...', '&&', '||', '<-', '++', '--', '==', '!=', '<=', '>=', ':=']
    .concat(['+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '&^'])
    .sort((a, b) => b.length - a.length),
  rust: ['<<=', '>>=', '...', '..=', '&&', '||', '->', '=>', '==', '!=', '<=', '>=', '::', '..']
    .concat(['+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>'])
    .sort((a, b) => b.length - a.length),
  json: [],
};

const IDENT_START = /[A-Za-z_\u00c0-\uffff]/;
const IDENT = /[\w\u00c0-\uffff]/;
const DIGIT = /[0-9]/;

export const braceLanguageOf = (path: string): BraceLanguage | undefined =>
  /\.go$/.test(path) ? 'go' : /\.rs$/.test(path) ? 'rust' : /\.json[c5]?$/.test(path) ? 'json' : undefined;

/** The tokens of `source` as its language reads them, reorderable runs normalised; throws on what it cannot read. */
export function braceTokens(source: string, language: BraceLanguage): string[] {
  const raw = scan(source, language);
  const kept = dropTrailingCommas(raw, language === 'go' ? /^P:[,;]$/ : undefined);
  if (language === 'go') return goImportsAsSets(kept);
  if (language === 'rust')
    return rustUsesAsSets(
      dropTrailingCommas(unwrapRustBlocks(divergingTails(splitShifts(raw))), undefined, /^P:[)\]}>]$/),
    );
  return kept;
}

/** A trailing comma before a closer; in Go a `;` too (in Rust `{ x; }` is not `{ x }`). */
export function dropTrailingCommas(t: string[], optional = /^P:,$/, closer = /^P:[)\]}]$/): string[] {
  return t.filter((x, k) => !optional.test(x) || !closer.test(t[k + 1] ?? ''));
}

function scan(s: string, language: BraceLanguage): string[] {
  const out: string[] = [];
  const ops = OPERATORS[language];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\n' && language === 'go') {
      goSemicolon(out);
      i++;
    } else if (/\s/.test(c) || c === '\ufeff') i++;
    else if (c === '/' && s[i + 1] === '/') i = lineEnd(s, i);
    else if (c === '/' && s[i + 1] === '*') {
      const end = blockCommentEnd(s, i, language === 'rust');
      if (language === 'go' && s.slice(i, end).includes('\n')) goSemicolon(out);
      i = end;
    } else if (language === 'rust' && /^(?:b?r#*"|b")/.test(s.slice(i, i + 260)))
      i = push(out, s, i, rustString(s, i));
    else if (c === '"') i = push(out, s, i, quoted(s, i, '"'));
    else if (c === '`' && language === 'go') i = push(out, s, i, closing(s, i + 1, '`'));
    else if (c === "'") i = push(out, s, i, language === 'rust' ? rustQuote(s, i) : quoted(s, i, "'"));
    else if (DIGIT.test(c)) i = pushNumber(out, s, i);
    else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < s.length && IDENT.test(s[j]!)) j++;
      out.push(`I:${s.slice(i, j)}`);
      i = j;
    } else {
      const op = ops.find((o) => s.startsWith(o, i)) ?? c;
      out.push(`P:${op}`);
      i += op.length;
    }
  }
  if (language === 'go') goSemicolon(out);
  return out;
}

// Go ends a statement at a line break after these (the specification's semicolon rule), so an explicit
// `;` and a line break are the same token; before a closing `)` or `}` it may be left out.
const GO_ENDS_STATEMENT = /^(I:.*|N:.*|S:.*|P:(\+\+|--|\)|\]|\}))$/;
// Keywords other than break, continue, fallthrough and return do not end one.
const GO_NOT_ENDING =
  /^I:(package|import|func|var|const|type|if|for|switch|select|case|default|go|defer|else|range|struct|interface|map|chan)$/;

function goSemicolon(out: string[]): void {
  const last = out.at(-1);
  if (last && GO_ENDS_STATEMENT.test(last) && !GO_NOT_ENDING.test(last)) out.push('P:;');
}

function push(out: string[], s: string, start: number, end: number): number {
  out.push(`S:${s.slice(start, end)}`);
  return end;
}

/** Numbers as written, but for the case of letters (gofmt writes `0x`, `e`, `i` in lower case). */
function pushNumber(out: string[], s: string, start: number): number {
  let j = start + 1;
  while (j < s.length && (IDENT.test(s[j]!) || (s[j] === '.' && DIGIT.test(s[j + 1] ?? '')))) {
    if (/[eEpP]/.test(s[j]!) && /[+-]/.test(s[j + 1] ?? '') && !/^0[xX]/.test(s.slice(start, j))) j++;
    j++;
  }
  out.push(`N:${s.slice(start, j).toLowerCase()}`);
  return j;
}

function lineEnd(s: string, i: number): number {
  const end = s.indexOf('\n', i);
  return end === -1 ? s.length : end;
}

/** The end of a block comment; Rust's nest. An unterminated one is not a comment a formatter left. */
function blockCommentEnd(s: string, start: number, nests: boolean): number {
  let depth = 0;
  for (let i = start; i < s.length - 1; i++) {
    if (s[i] === '/' && s[i + 1] === '*' && (nests || depth === 0)) {
      depth++;
      i++;
    } else if (s[i] === '*' && s[i + 1] === '/') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error('unterminated comment');
}

function quoted(s: string, start: number, quote: string): number {
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === quote) return i + 1;
  }
  throw new Error('unterminated string');
}

function closing(s: string, from: number, quote: string): number {
  const end = s.indexOf(quote, from);
  if (end === -1) throw new Error('unterminated string');
  return end + 1;
}

/** `r"…"`, `r#"…"#`, `b"…"`, `br#"…"#`: raw ones end at the quote and as many `#`. */
function rustString(s: string, start: number): number {
  const m = /^(b?)(r?)(#*)"/.exec(s.slice(start, start + 260))!;
  const open = start + m[0].length;
  if (!m[2]) return quoted(s, open - 1, '"');
  return closing(s, open, `"${m[3]}`) + m[3]!.length;
}

/** A char literal (`'a'`, `'\n'`, `'\u{1F600}'`) or a lifetime (`'a`), which has no closing quote. */
function rustQuote(s: string, start: number): number {
  const char = /^'(?:\\(?:u\{[0-9a-fA-F_]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/u.exec(s.slice(start, start + 16));
  if (char) return start + char[0].length;
  let j = start + 1;
  while (j < s.length && IDENT.test(s[j]!)) j++;
  return j;
}

/** `import ( … )`: its specs (an optional name, then the path) as a sorted list. */
function goImportsAsSets(t: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i] !== 'I:import' || t[i + 1] !== 'P:(') {
      out.push(t[i]!);
      continue;
    }
    const close = t.indexOf('P:)', i + 2);
    if (close === -1) throw new Error('unterminated import block');
    const specs: string[] = [];
    let spec: string[] = [];
    for (const token of t.slice(i + 2, close).filter((x) => x !== 'P:;')) {
      spec.push(token);
      if (!token.startsWith('S:')) continue;
      specs.push(spec.join(' '));
      spec = [];
    }
    if (spec.length) throw new Error('an import spec without a path');
    out.push('I:import', `IMPORTS:${specs.sort().join('\n')}`);
    i = close;
  }
  return out;
}

const ASSERTION_HEAD: Record<BraceLanguage, (t: string[], i: number) => number | undefined> = {
  // `assert!(…)`, `assert_eq!(…)`, `debug_assert_ne!(…)`, `assert_matches!(…)`: the group after the `!`.
  rust: (t, i) =>
    /^I:(debug_)?assert(_eq|_ne|_matches)?$/.test(t[i]!) && t[i + 1] === 'P:!' ? i + 2 : undefined,
  // `t.Errorf(…)`, `t.Fatal(…)`, `require.Equal(…)`, `assert.NoError(…)`.
  go: (t, i) =>
    ((/^I:(t|b|tb)$/.test(t[i]!) && /^I:(Error|Fatal|Fail)\w*$/.test(t[i + 2] ?? '')) ||
      (/^I:(require|assert)$/.test(t[i]!) && /^I:\w+$/.test(t[i + 2] ?? ''))) &&
    t[i + 1] === 'P:.'
      ? i + 3
      : undefined,
  json: () => undefined,
};

/** The assertions of a test file, each as its tokens: the call or macro and its balanced arguments. */
export function braceAssertions(source: string, language: BraceLanguage): string[] {
  const t = braceTokens(source, language);
  const found: string[] = [];
  for (let i = 0; i < t.length; i++) {
    const open = ASSERTION_HEAD[language](t, i);
    if (open === undefined || !/^P:[([{]$/.test(t[open] ?? '')) continue;
    let depth = 0;
    let j = open;
    for (; j < t.length; j++) {
      if (/^P:[([{]$/.test(t[j]!)) depth++;
      else if (/^P:[)\]}]$/.test(t[j]!) && --depth === 0) break;
    }
    found.push(t.slice(i, j + 1).join(' '));
    i = j;
  }
  return found;
}
