import { describe, expect, it } from 'vitest';
import { preCommitCheck } from './pre-commit-check.js';

const tracked = [
  'biome.json',
  'docs/guide.md',
  'package.json',
  'src/app.tsx',
  'src/types.d.ts',
  'src/util.mjs',
  'styles/site.css',
  'vendor/lib.js',
  'web/App.vue',
];

const config = (hooks: string[], repo = 'https://github.com/biomejs/pre-commit') =>
  ['repos:', `  - repo: ${repo}`, '    rev: v0.6.1', '    hooks:', ...hooks.map((h) => `      ${h}`)].join(
    '\n',
  );

describe("preCommitCheck: Biome's hook repository", () => {
  it('each hook runs read-only, with the options the hook passes, on the files it selects', () => {
    const hooks = preCommitCheck(
      config([
        '- id: biome-ci',
        '- id: biome-check',
        '  additional_dependencies: ["@biomejs/biome@1.9.4"]',
        '- id: biome-format',
        '- id: biome-lint',
      ]),
      tracked,
    );
    const files = [
      'biome.json',
      'package.json',
      'src/app.tsx',
      'src/types.d.ts',
      'src/util.mjs',
      'styles/site.css',
      'vendor/lib.js',
      'web/App.vue',
    ];
    const options = ['--files-ignore-unknown=true', '--no-errors-on-unmatched'];
    expect(hooks).toEqual({
      commands: [
        ['biome', 'ci', ...options, ...files],
        ['biome', 'check', ...options, ...files],
        ['biome', 'format', ...options, ...files],
        ['biome', 'lint', ...options, ...files],
      ],
      ran: ['biome-ci', 'biome-check', 'biome-format', 'biome-lint'],
      skipped: [],
    });
  });

  it("the repository's `args` that write are dropped, the others kept; its `files` and `exclude` narrow", () => {
    const hooks = preCommitCheck(
      config([
        '- id: biome-check',
        '  args: [--write, --unsafe, --error-on-warnings, --apply-unsafe, --fix]',
        '  files: ^(src|web)/',
        '  exclude: \\.d\\.ts$',
      ]),
      tracked,
    );
    expect(hooks?.commands).toEqual([
      [
        'biome',
        'check',
        '--files-ignore-unknown=true',
        '--no-errors-on-unmatched',
        '--error-on-warnings',
        'src/app.tsx',
        'src/util.mjs',
        'web/App.vue',
      ],
    ]);
  });

  it("a hook named like Biome's in another repository (a local hook) is not run: it is named as skipped", () => {
    expect(preCommitCheck(config(['- id: biome-check'], 'local'), tracked)).toBeUndefined();
    const mixed = preCommitCheck(
      [
        config(['- id: biome-format']),
        '  - repo: local',
        '    hooks:',
        '      - id: biome-check',
        '        entry: npx biome check --write',
        '        language: system',
      ].join('\n'),
      tracked,
    );
    expect(mixed?.ran).toEqual(['biome-format']);
    expect(mixed?.skipped).toEqual(['biome-check']);
  });
});
