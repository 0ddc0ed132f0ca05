import { describe, expect, it } from 'vitest';
import { detectPins, versionIn } from './pins.js';

const pins = (files: Record<string, string>) =>
  detectPins((f) => files[f]).map((p) => `${p.tool} ${p.version} ${p.ecosystem} ← ${p.source}`);

describe('detectPins', () => {
  it("reads a tool whose package has another name (Biome's @biomejs/biome), never a package named like the tool", () => {
    expect(
      pins({
        'package.json': '{"devDependencies": {"@biomejs/biome": "1.9.4", "biome": "0.3.3"}}',
      }),
    ).toEqual(['biome 1.9.4 npm ← package.json']);
    expect(
      pins({
        'package-lock.json':
          '{"packages": {"node_modules/@biomejs/biome": {"version": "2.2.2"}, "node_modules/biome": {"version": "0.3.3"}}}',
      }),
    ).toEqual(['biome 2.2.2 npm ← package-lock.json']);
  });

  it('reads pre-commit revs first, then requirements, pyproject, lockfiles, package files', () => {
    expect(
      pins({
        '.pre-commit-config.yaml': [
          'repos:',
          '  - repo: https://github.com/psf/black-pre-commit-mirror',
          '    rev: 23.1.0',
          '    hooks: [{ id: black }]',
          '  - repo: https://github.com/astral-sh/ruff-pre-commit',
          '    rev: v0.4.4',
          '    hooks: [{ id: ruff }, { id: ruff-format }]',
          '  - repo: https://github.com/pre-commit/mirrors-prettier',
          '    rev: v3.0.0-alpha.6',
          '  - repo: local',
          '    hooks: [{ id: mine }]',
        ].join('\n'),
        'requirements-dev.txt': 'black==22.12.0\nisort==5.12.0  # sorted\nflake8>=6\n',
        'pyproject.toml': '[project.optional-dependencies]\nlint = ["mypy==1.8.0", "ruff==0.1.0"]\n',
        'package.json': '{"devDependencies": {"prettier": "3.1.0", "eslint": "^8.0.0"}}',
      }),
    ).toEqual([
      'black 23.1.0 python ← .pre-commit-config.yaml (psf/black-pre-commit-mirror)',
      'ruff 0.4.4 python ← .pre-commit-config.yaml (astral-sh/ruff-pre-commit)',
      'isort 5.12.0 python ← requirements-dev.txt',
      'mypy 1.8.0 python ← pyproject.toml',
      'prettier 3.1.0 npm ← package.json',
    ]);
  });

  it('lockfiles: uv.lock / poetry.lock packages and package-lock.json', () => {
    expect(
      pins({
        'poetry.lock':
          '[[package]]\nname = "black"\nversion = "24.2.0"\n\n[[package]]\nname = "click"\nversion = "8.1.7"\n',
        'package-lock.json': '{"packages": {"node_modules/eslint": {"version": "8.57.0"}}}',
      }),
    ).toEqual(['black 24.2.0 python ← poetry.lock', 'eslint 8.57.0 npm ← package-lock.json']);
  });

  it('ignores ranges, garbage versions and unreadable files', () => {
    expect(
      pins({
        '.pre-commit-config.yaml': 'repos: [{repo: https://github.com/psf/black, rev: "main; rm -rf /"}]',
        'requirements.txt': 'black>=22\nruff~=0.4\n',
        'package.json': '{not json',
        'poetry.lock': '',
      }),
    ).toEqual([]);
  });

  it('reads the version a tool prints', () => {
    expect(versionIn('black, 26.5.1 (compiled: yes)\nPython (CPython) 3.11.7')).toBe('26.5.1');
    expect(versionIn('ruff 0.16.9')).toBe('0.16.9');
    expect(versionIn('v9.14.0')).toBe('9.14.0');
    expect(versionIn('\n   isort your imports\n\n   VERSION 9.0.2\n')).toBe('9.0.2');
  });
});

const biomeHook = (rev: string, ...hookLines: string[]) =>
  [
    'repos:',
    '  - repo: https://github.com/biomejs/pre-commit',
    `    rev: ${rev}`,
    '    hooks:',
    '      - id: biome-check',
    ...hookLines.map((l) => `        ${l}`),
  ].join('\n');

describe('detectPins: pre-commit hooks and their additional_dependencies', () => {
  it("Biome's pre-commit hooks: the version `additional_dependencies` give, not the hook repository's own rev", () => {
    expect(
      pins({
        '.pre-commit-config.yaml': biomeHook('v0.6.1', 'additional_dependencies: ["@biomejs/biome@1.9.4"]'),
        'package.json': '{"devDependencies": {"@biomejs/biome": "2.6.9"}}',
      }),
    ).toEqual(['biome 1.9.4 npm ← .pre-commit-config.yaml (biomejs/pre-commit, additional_dependencies)']);
    // Beside a rev that is a Biome release too: the dependency is the version the repository asks for.
    expect(
      pins({
        '.pre-commit-config.yml': biomeHook(
          'v2.4.8',
          'additional_dependencies:',
          '  - "@biomejs/biome@1.8.3"',
        ),
      }),
    ).toEqual(['biome 1.8.3 npm ← .pre-commit-config.yml (biomejs/pre-commit, additional_dependencies)']);
  });

  it("Biome's hook repository: a rev from v1 on is Biome's release; a 0.x one is its own, so package.json says", () => {
    expect(pins({ '.pre-commit-config.yaml': biomeHook('v2.4.8') })).toEqual([
      'biome 2.4.8 npm ← .pre-commit-config.yaml (biomejs/pre-commit)',
    ]);
    expect(
      pins({
        '.pre-commit-config.yaml': biomeHook('v0.6.1'),
        'package-lock.json': '{"packages": {"node_modules/@biomejs/biome": {"version": "1.9.4"}}}',
        'package.json': '{"devDependencies": {"@biomejs/biome": "^1.9.0"}}',
      }),
    ).toEqual(['biome 1.9.4 npm ← package-lock.json']);
    // A dependency without an exact version pins nothing, and the rev does not either: the lockfile says.
    expect(
      pins({
        '.pre-commit-config.yaml': biomeHook('v2.4.8', 'additional_dependencies: ["@biomejs/biome@^1.9.0"]'),
        'package.json': '{"devDependencies": {"@biomejs/biome": "1.9.2"}}',
      }),
    ).toEqual(['biome 1.9.2 npm ← package.json']);
    // Another package's entry (a plugin) is not the tool's.
    expect(
      pins({
        '.pre-commit-config.yaml': biomeHook(
          'v0.6.1',
          'additional_dependencies: ["@biomejs/biome-plugin@1.0.0"]',
        ),
      }),
    ).toEqual([]);
  });
});

describe('detectPins: other hook repositories', () => {
  it('other hook repositories: `additional_dependencies` naming the tool win over the rev, for npm and Python', () => {
    expect(
      pins({
        '.pre-commit-config.yaml': [
          'repos:',
          '  - repo: https://github.com/pre-commit/mirrors-prettier',
          '    rev: v4.0.0-alpha.8',
          '    hooks:',
          '      - id: prettier',
          '        additional_dependencies: [prettier@3.3.3, prettier-plugin-svelte@3.2.6]',
          '  - repo: https://github.com/pre-commit/mirrors-mypy',
          '    rev: v1.8.0',
          '    hooks:',
          '      - id: mypy',
          '        additional_dependencies: [types-requests==2.31.0.1]',
          '  - repo: https://github.com/pycqa/flake8',
          '    rev: 7.0.0',
          '    hooks:',
          '      - id: flake8',
          '        additional_dependencies: ["Flake8==6.1.0"]',
        ].join('\n'),
      }),
    ).toEqual([
      'prettier 3.3.3 npm ← .pre-commit-config.yaml (pre-commit/mirrors-prettier, additional_dependencies)',
      'mypy 1.8.0 python ← .pre-commit-config.yaml (pre-commit/mirrors-mypy)',
      'flake8 6.1.0 python ← .pre-commit-config.yaml (pycqa/flake8, additional_dependencies)',
    ]);
  });
});
