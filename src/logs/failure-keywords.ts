/**
 * The words that may make a line explain a failure: the excerpt finder's cheap gate before its rules
 * (analyze/excerpt-rules.ts), most lines of a log contain none. clean-lines.wat looks for exactly these
 * on each line's bytes (line-cleaner.ts HINT.MAYBE_FAILURE; line-cleaner.test.ts holds them equal): a
 * change here must be made there too.
 */
export const MAYBE_INTERESTING =
  /[eE](?:rror|RROR|xception|xit (?:code|status))|[Ff](?:AIL|ail|atal|ATAL)|panic|Traceback|Killed|Segmentation|timed out|No space left|[✖✕×]/;
