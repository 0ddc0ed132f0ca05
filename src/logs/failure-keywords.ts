/**
 * The words that may make a line explain a failure: the cheap gate before the excerpt finder's rules
 * (analyze/excerpt-rules.ts) and the infrastructure table (triage/infrastructure.ts) — most lines of a
 * log contain none. An infrastructure line without one of them comes as the runner's `##[error]`.
 */
export const MAYBE_INTERESTING =
  /[eE](?:rror|RROR|RR!|xception|xit (?:code|status))|[Ff](?:AIL|ail|atal|ATAL)|panic|Traceback|Killed|Segmentation|timed out|No space left|rate limit|onnection reset|dial tcp|[✖✕×]/;
