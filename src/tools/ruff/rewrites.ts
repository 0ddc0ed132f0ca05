/**
 * What some pycodestyle / pyflakes rules (ruff's and flake8's codes alike) ask of the line they name,
 * when that line may be an assertion: each lists the lines it accepts for a line.
 */

/** A call's argument, with one level of parentheses inside (`type(f(x))`). */
const ARG = String.raw`(?:[^()]|\([^()]*\))+`;

export const PYTHON_ASSERTION_REWRITES: Record<string, (line: string) => string[]> = {
  E711: (l) => [l.replace(/==\s*None\b/g, 'is None').replace(/!=\s*None\b/g, 'is not None')],
  E712: (l) => [
    l
      .replace(/==\s*(True|False)\b/g, 'is $1')
      .replace(/!=\s*(True|False)\b/g, 'is not $1')
      .replace(/\b(True|False)\s*==\s*/g, '$1 is ')
      .replace(/\b(True|False)\s*!=\s*/g, '$1 is not '),
    // ruff's own fix: the truth test itself.
    l.replace(/(\S+)\s*==\s*True\b/g, '$1').replace(/(\S+)\s*(?:==\s*False|!=\s*True)\b/g, 'not $1'),
  ],
  E713: (l) => [l.replace(/\bnot\s+([\w.[\]()'"]+)\s+in\b/g, '$1 not in')],
  E714: (l) => [l.replace(/\bnot\s+([\w.[\]()'"]+)\s+is\b/g, '$1 is not')],
  E721: (l) => {
    const cmp = (op: string) => new RegExp(String.raw`\btype\((${ARG})\)\s*${op}\s*([\w.]+)`, 'g');
    return [
      l.replace(cmp('=='), 'isinstance($1, $2)').replace(cmp('!='), 'not isinstance($1, $2)'),
      l.replace(cmp('=='), 'type($1) is $2').replace(cmp('!='), 'type($1) is not $2'),
    ];
  },
  F632: (l) => [l.replace(/\bis\s+not\s+(?=["'\d-])/g, '!= ').replace(/\bis\s+(?=["'\d-])/g, '== ')],
};
