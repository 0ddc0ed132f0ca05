import { EVENT_STAGE, eventFiles, type JobEvent, type ProgressEvent } from '../domain/index.js';

/** One event as a sentence, for a terminal or the Action's log. */
export function eventText(e: JobEvent): string {
  switch (e.type) {
    case 'check-chosen':
      return `check: ${e.commands.join(' && ')} (${e.reason})`;
    case 'tool-pinned':
      return `${e.tool} ${e.version}, as ${e.source} pins it${e.installed ? ` (not ${e.installed})` : ''}`;
    case 'checked':
      return `check ${e.passed ? 'passed' : 'failed'}: ${e.diagnostics} diagnostic(s)`;
    case 'check-again':
      return `re-running the check with ${e.tools.join(', ')} as the repository pins it`;
    case 'tool-asked':
      return `asking ${e.tool} which of ${e.findings} finding(s) it can fix`;
    case 'planned':
      return `${e.steps} fix step(s); ${e.model} for a model; ${e.notFixable} not auto-fixable`;
    case 'round-planned':
      return `round ${e.round}: ${e.steps} more fix step(s) for what the fixes revealed`;
    case 'step':
      return `${e.fixer}: ${e.command.map((a) => a.split('/').pop()).join(' ')}`;
    case 'settle':
      return `${e.fixer} settles what ${e.after} changed`;
    case 'validating':
      return `re-running the check after ${e.after}`;
    case 'committed':
      return e.subject;
    case 'model-attempt':
      return `${e.label ? `${e.label}: ` : ''}${e.client} ${e.model}: attempt ${e.attempt}/${e.of}`;
    case 'model-moved':
      return `${e.label ? `${e.label}: ` : ''}progress: ${e.moves.map((m) => `${m.from} → ${m.to}`).join(', ')} (the tool moved on); the edit is kept`;
    case 'pr-failed-jobs':
      return `${e.jobs.length} failed job(s) on ${e.head.slice(0, 7)}: ${e.jobs.join(', ')}`;
    case 'pr-ended':
      return `${e.outcome}: ${e.reason}`;
    case 'restarted':
      return `${e.reason}: starting over on the new head`;
    case 'published':
      return e.summary;
    case 'memory':
      return `memory: ${e.decision} ${e.strategy} for ${e.files.join(', ') || 'a finding'} (${e.signature}): ${e.reason}`;
    case 'note':
      return e.message;
  }
}

/** A progress line: elapsed time, stage, the sentence and up to four files. */
export function progressLine(e: ProgressEvent): string {
  const files = eventFiles(e);
  const shown = files.length ? ` [${files.slice(0, 4).join(', ')}${files.length > 4 ? ', …' : ''}]` : '';
  return `[${(e.elapsedMs / 1000).toFixed(1).padStart(5)}s] ${EVENT_STAGE[e.type].padEnd(8)} ${eventText(e)}${shown}`;
}
