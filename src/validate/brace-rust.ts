/**
 * What rustfmt may change besides layout (`brace-tokens.ts` reads the tokens): blocks around a match
 * arm's or a closure's expression, a `;` after a block's last `return`, generics' `>>` split to add a
 * trailing comma, and the order of `use` declarations.
 */

/** `Vec<Vec<u8>>` and `Vec<Vec<u8>,>`: a `>>` is two closers to rustfmt when it breaks a generic list. */
export function splitShifts(t: string[]): string[] {
  return t.flatMap((x) => (x === 'P:>>' ? ['P:>', 'P:>'] : [x]));
}

/**
 * rustfmt puts a match arm's or a closure's single expression in braces, or takes it out of them
 * (`=> { e }` and `=> e,`; `|x| { e }` and `|x| e`): a block without a `;` of its own there is its
 * expression.
 */
export function unwrapRustBlocks(t: string[]): string[] {
  const close = new Map<number, number>();
  const open: number[] = [];
  t.forEach((x, k) => (x === 'P:{' ? open.push(k) : x === 'P:}' && open.length && close.set(open.pop()!, k)));
  const dropped = new Set<number>();
  const commaAfter = new Set<number>();
  for (const [start, end] of close) {
    const before = t[start - 1];
    if (before !== 'P:=>' && before !== 'P:|' && before !== 'P:||') continue;
    if (end === start + 1 || hasStatement(t, start, end)) continue;
    dropped.add(start).add(end);
    if (before === 'P:=>' && t[end + 1] !== 'P:,' && t[end + 1] !== 'P:}') commaAfter.add(end);
  }
  return t.flatMap((x, k) => (dropped.has(k) ? (commaAfter.has(k) ? ['P:,'] : []) : [x]));
}

/** `{ return x }` and `{ return x; }` (rustfmt adds the `;`): a block's last `return`, `break` or `continue`. */
export function divergingTails(t: string[]): string[] {
  return t.filter((x, k) => {
    if (x !== 'P:;' || t[k + 1] !== 'P:}') return true;
    let depth = 0;
    for (let j = k - 1; j >= 0; j--) {
      if (/^P:[)\]}]$/.test(t[j]!)) depth++;
      else if (/^P:[([{]$/.test(t[j]!) && depth-- === 0)
        return !/^I:(return|break|continue)$/.test(t[j + 1]!);
      else if (depth === 0 && t[j] === 'P:;') return !/^I:(return|break|continue)$/.test(t[j + 1]!);
    }
    return true;
  });
}

function hasStatement(t: string[], start: number, end: number): boolean {
  let depth = 0;
  for (let k = start + 1; k < end; k++) {
    if (/^P:[([{]$/.test(t[k]!)) depth++;
    else if (/^P:[)\]}]$/.test(t[k]!)) depth--;
    else if (depth === 0 && (t[k] === 'P:;' || t[k] === 'I:let')) return true;
  }
  return false;
}

/** Runs of `[pub[(…)]] use TREE;` as one sorted set of the paths their trees name. */
export function rustUsesAsSets(t: string[]): string[] {
  const out: string[] = [];
  let run: string[] | undefined;
  for (let i = 0; i < t.length;) {
    const use = useAt(t, i);
    if (!use) {
      if (run) out.push(`USES:${[...new Set(run)].sort().join('\n')}`);
      run = undefined;
      out.push(t[i++]!);
      continue;
    }
    run ??= [];
    run.push(...use.paths.map((p) => `${use.visibility}${p}`));
    i = use.end;
  }
  if (run) out.push(`USES:${[...new Set(run)].sort().join('\n')}`);
  return out;
}

function useAt(t: string[], i: number): { visibility: string; paths: string[]; end: number } | undefined {
  let j = i;
  let visibility = '';
  if (t[j] === 'I:pub') {
    j++;
    if (t[j] === 'P:(') {
      const close = t.indexOf('P:)', j);
      if (close === -1) return undefined;
      j = close + 1;
    }
    visibility = `${t.slice(i, j).join(' ')} `;
  }
  if (t[j] !== 'I:use') return undefined;
  const semi = t.indexOf('P:;', j);
  if (semi === -1) return undefined;
  return { visibility, paths: flattenUse(t.slice(j + 1, semi)), end: semi + 1 };
}

/** `a::{b, c::{d as e, self}, *}` → `a::b`, `a::c::d as e`, `a::c::self`, `a::*`. */
function flattenUse(t: string[]): string[] {
  let k = 0;
  const tree = (prefix: string): string[] => {
    let path = prefix;
    for (;;) {
      const token = t[k];
      if (token === 'P:{') {
        k++;
        const leaves: string[] = [];
        while (t[k] !== 'P:}') {
          if (k >= t.length) throw new Error('unterminated use tree');
          leaves.push(...tree(path));
          if (t[k] === 'P:,') k++;
        }
        k++;
        return leaves;
      }
      if (token === 'P:::') {
        path += '::';
        k++;
        continue;
      }
      if (!(token?.startsWith('I:') || token === 'P:*'))
        throw new Error(`unexpected ${token ?? 'end'} in a use tree`);
      path += token.slice(2);
      k++;
      if (t[k] === 'I:as') {
        path += ` as ${t[k + 1]?.slice(2)}`;
        k += 2;
      }
      if (t[k] !== 'P:::') return [path];
    }
  };
  const leaves = tree('');
  if (k !== t.length) throw new Error('trailing tokens in a use tree');
  return leaves;
}
