/**
 * A conservative token estimate, counted before a request is sent (no network, no tokenizer download):
 * code and logs run at roughly 3–4 characters per token for current models; dividing by 3 errs on the
 * side of sending less. Per line, so a budget is met by dropping whole lines, never half of one.
 */
export function estimateTokens(text: string): number {
  return tokensForChars(text.length);
}

/** The same estimate from a length alone (a range of lines whose lengths were summed beforehand). */
export function tokensForChars(chars: number): number {
  return Math.ceil(chars / 3);
}
