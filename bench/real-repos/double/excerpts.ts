/** One excerpt of a file the model was shown: `### FILE lines A-B (why)` and the fenced text under it. */
export interface Excerpt {
  file: string;
  from: number;
  to: number;
  lines: string[];
  /** Shown for reference only (tool settings): ci-autofix rejects edits to it. */
  reference: boolean;
}

export interface ParsedPrompt {
  excerpts: Excerpt[];
  /** The failures block's text: names the failure group across its retries. */
  failures: string;
  /** ci-autofix's feedback on an earlier attempt ('' on a first request). */
  feedback: string;
}

const HEADER = /^### (.+?) lines (\d+)-(\d+) \((.*)\)$/;
/** ci-autofix's own fence (`<untrusted-code-NONCE>`) or a markdown one (three or more backticks). */
const OPEN = /^(<untrusted-[\w-]+>|`{3,}|~{3,})[^`]*$/;

function closing(open: string): (line: string) => boolean {
  if (open.startsWith('<')) {
    const end = `</${open.slice(1)}`;
    return (l) => l === end;
  }
  const fence = /^[`~]+/.exec(open)![0];
  return (l) => l.startsWith(fence) && l.slice(fence.length).trim() === '';
}

/**
 * Line numbers a context builder may put before each line (`12: x`, `12| x`): stripped when every line of
 * the excerpt has one and they count from the header's first line, so the text is the file's own.
 */
function withoutLineNumbers(lines: string[], from: number): string[] {
  const numbered = /^\s*(\d+)(?:: ?|\| ?|\t)(.*)$/;
  const parts = lines.map((l) => numbered.exec(l));
  if (!parts.length || parts.some((m, i) => !m || Number(m[1]) !== from + i)) return lines;
  return parts.map((m) => m![2]!);
}

/** The excerpts of a user prompt as ci-autofix builds it (src/llm/prompt.ts), tolerant of its fences. */
export function parsePrompt(prompt: string): ParsedPrompt {
  const lines = prompt.split('\n');
  const excerpts: Excerpt[] = [];
  for (let i = 0; i < lines.length; i++) {
    const h = HEADER.exec(lines[i]!);
    const open = lines[i + 1];
    if (!h || open === undefined || !OPEN.test(open)) continue;
    const isEnd = closing(open);
    let j = i + 2;
    while (j < lines.length && !isEnd(lines[j]!)) j++;
    const from = Number(h[2]);
    excerpts.push({
      file: h[1]!,
      from,
      to: Number(h[3]),
      lines: withoutLineNumbers(lines.slice(i + 2, j), from),
      reference: /for reference, not to edit/.test(h[4]!),
    });
    i = j;
  }
  const failures = /<untrusted-diagnostics-\w+>\n([\s\S]*?)\n<\/untrusted-diagnostics-\w+>/.exec(prompt);
  return {
    excerpts,
    failures: failures?.[1] ?? prompt.split('\n### ')[0]!,
    feedback: /previous edits did not work:?\n([\s\S]*)$/i.exec(prompt)?.[1] ?? '',
  };
}
