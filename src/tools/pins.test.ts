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
