import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { readBaseline } from '../../analyze/analyze-outputs.js';
import { LogAnalyzer } from '../../analyze/log-analyzer.js';
import { readInput } from '../../analyze/read-inputs.js';
import { CONFIG_FILE } from '../../config/config-file.js';
import { AutofixError } from '../../domain/index.js';
import { toJson, toSarif, toText } from '../../output/index.js';
import { packageVersion } from '../../compose/version.js';

export interface AnalyzeCliOptions {
  format: string;
  config?: string;
  color?: boolean;
  maxDiagnostics?: string;
  /** Logs of passing runs of the same job (`--baseline`, repeatable). */
  baseline?: string[];
}

const FORMATS = ['text', 'json', 'sarif'] as const;

/** `ci-autofix analyze [FILE...]`: reads logs (or stdin), prints the analysis. Returns the exit code. */
export async function analyzeCommand(
  files: string[],
  options: AnalyzeCliOptions,
  io: { stdout: Writable; stdin?: Readable; isTTY?: boolean } = { stdout: process.stdout },
): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(options.format))
    throw new AutofixError(
      'usage',
      `--format must be one of ${FORMATS.join(', ')} (got "${options.format}")`,
    );
  const configPath = options.config ?? (existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  // The config's schema and YAML parser load only when there is a config: most runs have none, and
  // they are a third of the command's start-up.
  const config = configPath
    ? await (await import('../../config/index.js')).loadConfig(configPath, false)
    : undefined;
  const maxDiagnostics = options.maxDiagnostics ? Number(options.maxDiagnostics) : undefined;
  if (maxDiagnostics !== undefined && !(Number.isInteger(maxDiagnostics) && maxDiagnostics > 0))
    throw new AutofixError(
      'usage',
      `--max-diagnostics must be a positive whole number (got "${options.maxDiagnostics}")`,
    );
  const baseline = options.baseline?.length ? await readBaseline(options.baseline) : undefined;
  const analyzer = new LogAnalyzer({ triage: config, maxDiagnostics, baseline });
  const inputs = files.length ? files : ['-'];
  const stdin = io.stdin ?? process.stdin;
  if (inputs.includes('-') && !io.stdin && process.stdin.isTTY)
    throw new AutofixError(
      'usage',
      'no log given: pass a log file (or a run zip), or pipe one in: ci-autofix analyze < job.log',
    );
  for (const f of inputs) await readInput(f, analyzer, stdin);
  const analysis = analyzer.finish();
  const text =
    options.format === 'json'
      ? toJson(analysis)
      : options.format === 'sarif'
        ? toSarif(analysis, packageVersion())
        : toText(analysis, { color: options.color ?? Boolean(io.isTTY) });
  await new Promise<void>((resolve, reject) =>
    io.stdout.write(text, (err) => (err ? reject(err) : resolve())),
  );
  return 0;
}
