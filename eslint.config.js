// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What an entry point (`cli`, the Action) may import: everything it wires. */
const entryPointImports = [
  'domain',
  'logs',
  'tools',
  'triage',
  'config',
  'output',
  'util',
  'analyze',
  'sandbox',
  'workspace',
  'validate',
  'fixers',
  'pipeline',
  'llm',
  'store',
  'toolchain',
  'forge',
  'publish',
];

/**
 * The dependency rule of docs/architecture.md, enforced: each folder of src/ may import only the folders listed
 * here. The entry points are the only places where concrete adapters are built and wired.
 */
const layers = {
  domain: [],
  logs: ['domain'],
  // One folder per tool behind one interface (src/tools/plugin.ts); pure, so nearly everything may read it.
  tools: ['domain'],
  triage: ['domain', 'tools'],
  config: ['domain'],
  output: ['domain'],
  util: ['domain'],
  sandbox: ['domain'],
  workspace: ['domain'],
  validate: ['domain', 'tools'],
  fixers: ['domain', 'tools'],
  // Installs pinned tool versions into a cache (trusted installers, never repository code).
  toolchain: ['domain', 'tools'],
  // Agent CLIs run through the sandbox port (types only; cli builds the sandbox).
  llm: ['domain', 'sandbox', 'tools'],
  // The pipeline's stages: pure functions imported (analysis, plans, checks, the safety policy); effects come
  // through one port built in compose (sandbox, git, forge, model: types only here).
  pipeline: [
    'domain',
    'config',
    'tools',
    'analyze',
    // Findings' signatures, for the fix memory.
    'triage',
    'fixers',
    'validate',
    'sandbox',
    'workspace',
    'llm',
    'forge',
    'publish',
  ],
  analyze: ['domain', 'logs', 'tools', 'triage'],
  // The Forge port, and its GitHub adapter: the only place Octokit appears (forge/github/, wired by cli).
  forge: ['domain'],
  // Publishing on a forge, through the port (types only).
  publish: ['domain', 'forge'],
  // Adapters for the pipeline's persistence ports (types only from pipeline).
  store: ['domain', 'pipeline'],
  // The one composition root: builds the concrete adapters for cli, serve and the Action.
  compose: entryPointImports,
  // The entry points: they take the adapters from compose and render the jobs' events.
  cli: [...entryPointImports, 'compose', 'service', 'dashboard'],
  // The GitHub Action's entry point: the pr job from compose, its summary and event lines from cli.
  action: [...entryPointImports, 'compose', 'cli'],
  // `ci-autofix serve`'s parts (issue 10): the webhook server, the poller, the workers' handler. They see
  // the forge and the pr job through ports and the store; cli's `serve` command builds the adapters.
  service: ['domain', 'config', 'store', 'pipeline', 'forge', 'dashboard'],
  // The dashboard (issue 24): pages rendered from the store's dashboard queries, the events as the CLI
  // words them (output). `serve` mounts it under /dashboard, `stats --html` writes its overview as a file.
  dashboard: ['domain', 'output', 'store'],
};
const all = Object.keys(layers);

const layerRules = Object.entries(layers).map(([layer, allowed]) => {
  const forbidden = all.filter((other) => other !== layer && !allowed.includes(other));
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(forbidden.length
              ? [
                  {
                    regex: `^(\\.\\./)+(${forbidden.join('|')})(/|\\.js$|$)`,
                    message: `src/${layer} may import only: ${allowed.join(', ') || 'nothing'} (docs/architecture.md, dependency rule).`,
                  },
                ]
              : []),
            // Octokit appears only in forge/github/, and only the composition root builds that adapter.
            ...(['compose', 'forge'].includes(layer)
              ? []
              : [
                  {
                    regex: '^(\\.\\./)+forge/github(/|$)',
                    message: `src/${layer} may use the Forge port (forge/forge.ts), not the GitHub adapter.`,
                  },
                ]),
            ...(layer === 'forge'
              ? []
              : [{ regex: '^@octokit/', message: 'Octokit appears only under src/forge/github/.' }]),
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      'examples/**',
      'test/fixtures/**',
      'bench/.data/**',
      // Generated: the Action's bundle (scripts/build-action.mjs).
      'action/index.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-control-regex': 'off',
    },
  },
  ...layerRules,
  {
    // docs/architecture.md: files someone could take over tomorrow — under 300 lines, functions under 80.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 80 }],
    },
  },
);
