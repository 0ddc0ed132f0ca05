/**
 * Cases for bench/llm-context that the examples cannot show (their files are small and go whole): big
 * files, too big for the budget, with a finding inside a multi-line statement. Each names the lines of
 * the statement that holds the finding, and the lines of the function just before it: a complete
 * excerpt holds the whole statement; a heuristic "enclosing block" took the function and stopped at
 * the finding's line.
 */
export interface StatementCase {
  name: string;
  file: string;
  text: string;
  /** The finding's line. */
  line: number;
  /** The statement holding it (1-based, inclusive). */
  statement: { from: number; to: number };
}

const padding = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i));

function build(
  name: string,
  file: string,
  head: string[],
  statement: string[],
  tail: string[],
  at: number,
): StatementCase {
  // The padding's entries are several lines each.
  const from = head.join('\n').split('\n').length + 1;
  return {
    name,
    file,
    text: [...head, ...statement, ...tail].join('\n'),
    line: from + at,
    statement: { from, to: from + statement.length - 1 },
  };
}

export const STATEMENT_CASES: StatementCase[] = [
  // The loss the parser fixes: a module-level list after a function, the finding in the list.
  build(
    'python: module-level list after a function',
    'src/app/routes.py',
    [
      'from app.views import view',
      '',
      ...padding(500, (i) => `def handler_${i}(request: object) -> int:\n    return view(request, ${i})\n`),
    ],
    ['ROUTES = [', ...padding(30, (i) => `    ("/items/${i}", handler_${i}, {"auth": True}),`), ']'],
    ['', 'def last() -> None:', '    pass'],
    15,
  ),
  // A multi-line call at module level in TypeScript, after a function.
  build(
    'typescript: module-level call after a function',
    'src/server.ts',
    [
      "import { route } from './route.js';",
      '',
      ...padding(
        400,
        (i) => `export function handler${i}(req: Request): number {\n  return route(req, ${i});\n}\n`,
      ),
    ],
    ['export const app = createApp({', ...padding(25, (i) => `  r${i}: handler${i},`), '});'],
    [''],
    12,
  ),
  // A long statement inside a method of a big class: the method fits, the file does not.
  build(
    'python: multi-line call in a method',
    'src/app/store.py',
    [
      'import json',
      '',
      'class Store:',
      ...padding(400, (i) => `    def get_${i}(self) -> int:\n        return self.data[${i}]\n`),
      '    def dump(self) -> str:',
    ],
    [
      '        return json.dumps(',
      '            self.data,',
      '            indent=2,',
      '            sort_keys=True,',
      '        )',
    ],
    [],
    2,
  ),
];
