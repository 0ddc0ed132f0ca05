import type { LogLine } from '../../domain/index.js';
import type { LogParser, ParserSink, ParserState } from '../parser.js';
import { toSeverity } from '../shared/emit.js';
import { StepContext } from '../shared/step-context.js';
import { parseWorkflowCommand } from '../shared/workflow-command.js';
import { isFinding } from './categories.js';
import { DefaultReport } from './default-report.js';
import { conciseLine, sameFinding, toDiagnostic, type BiomeFinding } from './finding.js';
import { JsonReport } from './json-report.js';

const MAX_HELD = 10_000;

/** Titles only Biome gives a GitHub command; `format` and `parse` need other signs that Biome ran. */
const OWN_TITLE = /^(lint|assist)\/\w+\/\w+$/;

interface Command {
  line: LogLine;
  finding: BiomeFinding;
  twin?: boolean;
}

const basename = (path: string | undefined) => (path ?? '').slice((path ?? '').lastIndexOf('/') + 1);

/**
 * One step's state. `biome ci` on a GitHub runner prints each finding twice: as a workflow command first
 * (stdout; the runner shows it as `##[error]message`, without its file), then in the default report
 * (stderr). Each finding is emitted once: on the command's line (so the runner's annotation of it is not
 * a second finding), as the report tells it (its fix, a relative path); a report block whose annotation came first is
 * placed on the annotation's line for the same reason.
 */
class BiomeState implements ParserState {
  private readonly report = new DefaultReport((f, first, last) => this.fromReport(f, first, last));
  private readonly json = new JsonReport((f, first, last) => this.emit(f, first, last));
  private readonly context = new StepContext(['biome']);
  private readonly commands: Command[] = [];
  /** The held commands by category and file name, to find a report block's twin without a scan. */
  private readonly byName = new Map<string, Command[]>();
  /** The runner's `##[error]message` lines, by severity and message, oldest first. */
  private readonly annotations = new Map<string, LogLine[]>();
  private annotationCount = 0;
  private biomeRan = false;

  constructor(private readonly sink: ParserSink) {}

  get busy(): boolean {
    return this.report.open || this.json.open;
  }

  line(l: LogLine): void {
    this.context.observe(l);
    if (this.json.line(l) || this.report.line(l)) return;
    if (l.annotation) {
      this.annotation(l);
      return;
    }
    const t = l.text;
    const concise = conciseLine(t);
    if (concise) {
      this.biomeRan = true;
      this.emit(concise, l, l.no);
    } else if (t.startsWith('Checked ') && /^Checked \d+ files? in /.test(t)) this.biomeRan = true;
  }

  end(): void {
    this.report.close();
    const ran =
      this.biomeRan ||
      this.context.mentions('biome') ||
      this.commands.some((c) => OWN_TITLE.test(c.finding.category));
    for (const c of this.commands)
      if (ran || OWN_TITLE.test(c.finding.category)) this.emit(c.finding, c.line, c.line.no);
  }

  private emit(f: BiomeFinding, first: LogLine, last: number): void {
    const d = toDiagnostic(f, first, last);
    if (d) this.sink.diagnostic(d);
  }

  /** A `::error title=<category>,file=…::message` command, held; or the runner's `##[error]` rendering. */
  private annotation(l: LogLine): void {
    if (this.commands.length + this.annotationCount >= MAX_HELD) return;
    const t = l.text;
    if (!t.startsWith('::')) {
      const key = `${l.annotation}\0${t.trim()}`;
      const list = this.annotations.get(key);
      if (list) list.push(l);
      else this.annotations.set(key, [l]);
      this.annotationCount++;
      return;
    }
    const cmd = parseWorkflowCommand(t);
    const category = cmd?.props.title ?? '';
    if (!cmd || !isFinding(category)) return;
    const p = cmd.props;
    const finding: BiomeFinding = {
      category,
      severity: toSeverity(cmd.command),
      message: cmd.message.split('\n')[0]!,
      path: p.file,
      line: Number(p.line) || undefined,
      column: Number(p.col) || undefined,
      endLine: Number(p.endLine) || undefined,
      endColumn: Number(p.endColumn) || undefined,
    };
    const command: Command = { line: l, finding };
    this.commands.push(command);
    const key = `${category}\0${basename(p.file)}`;
    const list = this.byName.get(key);
    if (list) list.push(command);
    else this.byName.set(key, [command]);
  }

  private fromReport(f: BiomeFinding, first: LogLine, last: number): void {
    this.biomeRan = true;
    const twin = this.byName
      .get(`${f.category}\0${basename(f.path)}`)
      ?.find((c) => !c.twin && sameFinding(c.finding, f));
    if (twin) {
      // The report's finding is the fuller one: a relative path, no made-up position, the fix it names.
      twin.twin = true;
      twin.finding = f;
      return;
    }
    const shown = f.severity === 'warning' ? 'warning' : 'error';
    const annotation = this.annotations.get(`${shown}\0${f.message}`)?.shift();
    if (annotation) this.emit(f, annotation, annotation.no);
    else this.emit(f, first, last);
  }
}

export const biomeParser: LogParser = {
  name: 'biome',
  description: 'biome ci / check / lint / format: the default reporter, concise, github, json',
  // Idle, it acts on: a report block's header (`path:l:c category ━━━`: its last character), concise lines
  // (`×`/`!` first; past ASCII every parser gets the line), json (`{`), Biome's `Checked N files` summary,
  // workflow commands and the runner's annotations, and what says Biome ran: the step's header (markers)
  // and shell traces. A block's indented lines come while it is busy.
  interest: {
    firstChars: '!{',
    starts: ['Checked ', '+ ', '$ ', '> '],
    lastChars: '━',
    annotations: true,
    markers: true,
  },
  create(sink) {
    return new BiomeState(sink);
  },
};
