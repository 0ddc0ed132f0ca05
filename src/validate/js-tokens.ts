/**
 * A small JavaScript / TypeScript tokenizer for one question: did a change alter code, or only its
 * layout? Whitespace and comments are dropped; strings compare by value (so 'a' and "a" are one token),
 * numbers by value (0XFF and 0xff, 1E3 and 1e3), and the punctuation a formatter adds or removes freely
 * (semicolons, a trailing comma before a closing bracket) is left out. It never evaluates anything, and
 * it runs in time linear in the input.
 */
const IDENT_START = /[A-Za-z_$\u00c0-\uffff]/;
const IDENT = /[\w$\u00c0-\uffff]/;
const DIGIT = /[0-9]/;
// After these tokens a `/` divides; anywhere else it starts a regular expression.
const ENDS_EXPRESSION =
  /^(I:(?!(return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$).*|N:.*|S:.*|T:.*|R:.*|P:[)\]}])$/;

export function jsTokens(source: string): string[] {
  const out: string[] = [];
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < n && source[j] !== c && source[j] !== '\n') {
        if (source[j] === '\\' && j + 1 < n) {
          const next = source[j + 1]!;
          // \' and \" are the same character whichever quotes surround it.
          value += next === '"' || next === "'" ? next : `\\${next}`;
          j += 2;
        } else value += source[j++];
      }
      out.push(`S:${value}`);
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = templateEnd(source, i);
      out.push(`T:${source.slice(i, j)}`);
      i = j;
      continue;
    }
    if (DIGIT.test(c) || (c === '.' && DIGIT.test(source[i + 1] ?? ''))) {
      let j = i + 1;
      while (
        j < n &&
        (IDENT.test(source[j]!) ||
          source[j] === '.' ||
          ((source[j] === '+' || source[j] === '-') &&
            /[eE]/.test(source[j - 1]!) &&
            !/^0[xX]/.test(source.slice(i, j))))
      )
        j++;
      const raw = source.slice(i, j).replace(/_/g, '');
      const value = /n$/.test(raw) ? raw.toLowerCase() : Number(raw);
      out.push(
        `N:${typeof value === 'number' && Number.isFinite(value) ? String(value) : raw.toLowerCase()}`,
      );
      i = j;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT.test(source[j]!)) j++;
      out.push(`I:${source.slice(i, j)}`);
      i = j;
      continue;
    }
    if (c === '/' && !ENDS_EXPRESSION.test(out.at(-1) ?? '')) {
      const j = regexEnd(source, i);
      out.push(`R:${source.slice(i, j)}`);
      i = j;
      continue;
    }
    out.push(`P:${c}`);
    i++;
  }
  return out.filter(
    (t, k) => t !== 'P:;' && !(t === 'P:,' && /^P:[)\]}>]$/.test(nextKept(out, k + 1) ?? '')),
  );
}

function nextKept(tokens: string[], from: number): string | undefined {
  for (let k = from; k < tokens.length; k++) if (tokens[k] !== 'P:;') return tokens[k];
  return undefined;
}

/** The end of a template literal starting at `start`, over nested `${…}` (with strings and templates). */
function templateEnd(s: string, start: number): number {
  let i = start + 1;
  let depth = 0;
  const stack: number[] = [];
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (depth === 0) {
      if (c === '`') return i + 1;
      if (c === '$' && s[i + 1] === '{') {
        depth = 1;
        i += 2;
        continue;
      }
    } else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0 && stack.length) depth = stack.pop()!;
    } else if (c === '`') {
      // A template inside a `${}`: remember where we were.
      stack.push(depth);
      depth = 0;
    }
    i++;
  }
  return s.length;
}

function regexEnd(s: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < s.length && s[i] !== '\n') {
    const c = s[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '/' && !inClass) {
      i++;
      while (i < s.length && IDENT.test(s[i]!)) i++;
      return i;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    i++;
  }
  return i;
}

const ASSERTION_HEADS = new Set(['I:expect', 'I:assert', 'I:should']);

/**
 * The assertion expressions of a file, each as its token string: `expect(…)` / `assert(…)` /
 * `assert.equal(…)` and the chain that follows (`.not.toBe(…)`, `.rejects.toThrow(…)`).
 */
export function jsAssertions(source: string): string[] {
  const t = jsTokens(source);
  const found: string[] = [];
  for (let i = 0; i < t.length; i++) {
    if (!ASSERTION_HEADS.has(t[i]!) || (t[i + 1] !== 'P:(' && t[i + 1] !== 'P:.')) continue;
    let j = i + 1;
    for (;;) {
      if (t[j] === 'P:(' || t[j] === 'P:[') j = balanced(t, j);
      else if (t[j] === 'P:.' && t[j + 1]?.startsWith('I:')) j += 2;
      else break;
    }
    found.push(t.slice(i, j).join(' '));
    i = j - 1;
  }
  return found;
}

function balanced(t: string[], open: number): number {
  let depth = 0;
  for (let j = open; j < t.length; j++) {
    if (t[j] === 'P:(' || t[j] === 'P:[' || t[j] === 'P:{') depth++;
    else if (t[j] === 'P:)' || t[j] === 'P:]' || t[j] === 'P:}') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return t.length;
}
