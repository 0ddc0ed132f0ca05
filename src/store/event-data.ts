/**
 * An event's fields as the store keeps them: at most `maxBytes` of JSON, with nothing PostgreSQL's jsonb
 * refuses. A long list of files or a long message is cut, never refused: the job's record must not cost
 * the job anything, and a page of events must stay small.
 */

// Successively harder cuts: each string to this many characters, each list to this many items.
const CUTS: ReadonlyArray<[chars: number, items: number]> = [
  [1000, 50],
  [200, 10],
  [40, 3],
];

/** jsonb refuses U+0000 and lone surrogates (a log line cut in the middle of a pair). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function cut(v: unknown, chars: number, items: number, depth = 0): unknown {
  if (typeof v === 'string') {
    const s = v.replace(UNSTORABLE, '\uFFFD');
    return s.length > chars ? `${s.slice(0, chars)}…` : s;
  }
  if (v === null || typeof v !== 'object') return v;
  // Events are shallow; anything deeper than this is not worth a page.
  if (depth > 4) return '…';
  if (Array.isArray(v)) return v.slice(0, items).map((x) => cut(x, chars, items, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x, chars, items, depth + 1)]));
}

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/**
 * `fields` when they fit in `maxBytes` (as JSON), else cut harder and harder; `truncated: true` says
 * something was cut. Only strings are cleaned when nothing needs cutting.
 */
export function boundedData(fields: Record<string, unknown>, maxBytes: number): Record<string, unknown> {
  const clean = cut(fields, Infinity, Infinity) as Record<string, unknown>;
  if (size(clean) <= maxBytes) return clean;
  for (const [chars, items] of CUTS) {
    const data = { ...(cut(fields, chars, items) as Record<string, unknown>), truncated: true };
    if (size(data) <= maxBytes) return data;
  }
  return { truncated: true };
}
