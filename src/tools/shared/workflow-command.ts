/**
 * GitHub Actions workflow commands: `::error file=app.js,line=1,col=5,endLine=1,endColumn=7,title=T::msg`.
 * Values are escaped (%25 %0D %0A, and %3A %2C in properties).
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
export interface WorkflowCommand {
  command: 'error' | 'warning' | 'notice';
  props: Record<string, string>;
  message: string;
}

const HEAD = /^::(error|warning|notice)( [^:]*)?::/;

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

export function parseWorkflowCommand(text: string): WorkflowCommand | undefined {
  if (!text.startsWith('::')) return undefined;
  const m = HEAD.exec(text);
  if (!m) return undefined;
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? '').trim().split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) props[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
  }
  return {
    command: m[1] as WorkflowCommand['command'],
    props,
    message: unescapeData(text.slice(m[0].length)),
  };
}
