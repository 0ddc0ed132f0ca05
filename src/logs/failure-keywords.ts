/**
 * The words that may make a line explain a failure: the excerpt finder's cheap gate before its rules
 * (analyze/excerpt-rules.ts), most lines of a log contain none.
 */
export const MAYBE_INTERESTING =
  /[eE](?:rror|RROR|xception|xit (?:code|status))|[Ff](?:AIL|ail|atal|ATAL)|panic|Traceback|Killed|Segmentation|timed out|No space left|[✖✕×]/;
