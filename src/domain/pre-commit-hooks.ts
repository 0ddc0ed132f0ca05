/**
 * The pre-commit hook repositories ci-autofix knows, by the end of their URL, and the tool each runs.
 * The toolchain reads their `rev:` as the tool's pinned version; check detection runs their hooks as
 * commands of their own (pre-commit itself would need the network to install them).
 */
export const PRE_COMMIT_HOOK_REPOS: ReadonlyArray<readonly [RegExp, string]> = [
  [/astral-sh\/ruff-pre-commit$/i, 'ruff'],
  [/\/(psf\/black|psf\/black-pre-commit-mirror|ambv\/black)$/i, 'black'],
  [/\/(pycqa|timothycrosley)\/isort$/i, 'isort'],
  [/\/pycqa\/flake8$/i, 'flake8'],
  [/pre-commit\/mirrors-mypy$/i, 'mypy'],
  [/(pre-commit|hhatto)\/(mirrors-)?autopep8$/i, 'autopep8'],
  [/pre-commit\/mirrors-prettier$/i, 'prettier'],
  [/pre-commit\/mirrors-eslint$/i, 'eslint'],
];

export function preCommitTool(repo: string): string | undefined {
  return PRE_COMMIT_HOOK_REPOS.find(([re]) => re.test(repo))?.[1];
}
