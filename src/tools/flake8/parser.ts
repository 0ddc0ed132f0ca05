import type { LogParser } from '../parser.js';
import { PythonLintCollector } from '../shared/python-lint-collector.js';

/**
 * flake8 and pycodestyle: `path:line:col: CODE message`. Ruff's concise output looks the same; the shared
 * collector decides per step who printed it.
 */
export const flake8Parser: LogParser = {
  name: 'flake8',
  description: 'flake8 / pycodestyle / pyflakes `path:line:col: CODE message`',
  // Lint lines, what the step ran (markers, shell traces) and ruff's summaries (`Found`, `All checks`, `[*] …`).
  interest: { located: true, markers: true, firstChars: '+$>FA', starts: ['[*] '] },
  create(sink) {
    const lines = new PythonLintCollector('flake8', sink);
    return {
      get busy() {
        return lines.context.inHeader;
      },
      line: (l) => void lines.line(l),
      end: () => lines.end(),
    };
  },
};
