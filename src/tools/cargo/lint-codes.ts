/**
 * Which lint a rustc / clippy finding is. The human format names it only in notes: every clippy finding
 * links its lint's page (`index.html#needless_return`), and the first finding of each lint says its level
 * (`#[warn(unused_imports)]` on by default, `-D clippy::len-zero` implied by `-D warnings`); a rustc lint's
 * later findings say nothing. Those get the lint their message names (a short table), or the one a finding
 * with the same message shape had earlier in the step. `--message-format=json` gives the same names
 * (`clippy::needless_return`, `unused_imports`), so a finding and the tool's answer about it match.
 */

/** A lint's name as the JSON output spells it: `clippy::needless_return`, `unused_imports`. */
export const LINT_NAME = /^(?:clippy::)?[a-z][a-z0-9_]*$/;

/** `#[warn(unused_imports)]`, `#[deny(clippy::len_zero)]`, and `add #[allow(…)]` hints. */
const LEVEL_ATTR = /`#\[(?:warn|deny|forbid|expect|allow)\(((?:clippy::)?[a-z][a-z0-9_]*)\)\]`/g;
/** `-D clippy::needless-return` implied by `-D warnings` (the flag spells the lint with dashes). */
const LEVEL_FLAG = /`-[DWF] ((?:clippy::)?[a-z][a-z0-9_-]*)`/g;
/** clippy's link to its lint's page: `…/rust-clippy/master/index.html#needless_return`. */
const CLIPPY_URL = /rust-clippy\/[\w.-]+\/index\.html#([a-z][a-z0-9_]*)/;

/** The lint a note or help line of a finding names, if any (`warnings` itself is a group, not the lint). */
export function lintInNote(line: string): string | undefined {
  for (const m of line.matchAll(LEVEL_ATTR)) if (m[1] !== 'warnings') return m[1];
  for (const m of line.matchAll(LEVEL_FLAG)) if (m[1] !== 'warnings') return m[1]!.replace(/-/g, '_');
  const url = CLIPPY_URL.exec(line);
  return url ? `clippy::${url[1]}` : undefined;
}

/** rustc's lints whose later findings carry no note: their messages say which they are. */
const BY_MESSAGE: ReadonlyArray<[RegExp, string]> = [
  [/^unused imports?: /, 'unused_imports'],
  [/^unused variables?: /, 'unused_variables'],
  [/^variable does not need to be mutable/, 'unused_mut'],
  [/^unused (?:`[^`]*` )?that must be used|^unused return value of /, 'unused_must_use'],
  [/ (?:is|are) never (?:used|read|constructed)$|fields? .* (?:is|are) never read/, 'dead_code'],
  [/^unnecessary parentheses /, 'unused_parens'],
  [/^unnecessary braces /, 'unused_braces'],
  [/^unreachable (?:statement|expression)/, 'unreachable_code'],
  [/^unreachable pattern/, 'unreachable_patterns'],
  [/should have a snake case name/, 'non_snake_case'],
  [/should have an upper camel case name/, 'non_camel_case_types'],
  [/should have an upper case name/, 'non_upper_case_globals'],
  [/^use of deprecated /, 'deprecated'],
];

/** A message with its quoted names left out: the findings of one lint share it (`unused import: ``…```). */
export const messageShape = (message: string): string => message.replace(/`[^`]*`/g, '``');

export function lintByMessage(message: string): string | undefined {
  return BY_MESSAGE.find(([re]) => re.test(message))?.[1];
}
