import type { Category, Fixability } from '../domain/index.js';

export interface Verdict {
  category: Category;
  fixability: Fixability;
  reason?: string;
}

export const v = (category: Category, fixability: Fixability, reason?: string): Verdict =>
  reason === undefined ? { category, fixability } : { category, fixability, reason };

export const REASONS = {
  testLogic:
    'a failing assertion is a logic error: either the code or the test is wrong, and a person must decide which',
  testRuntime:
    'the test failed at run time (behaviour, not style); it may also be flaky — re-run before changing code',
  infra:
    'infrastructure (network, runner, permissions or resources): re-run the job or fix the environment; no code change will help',
  security: 'security findings are never changed automatically: a person must review them',
  eresolve:
    'a dependency conflict: choosing versions is a decision for a person (and changes protected files)',
  missingScript:
    'the workflow runs a script package.json does not define: fix the workflow or add the script',
  dependency: 'a dependency failure: check the registry, versions and lockfile',
  regenerate: 'regenerate it with that command and commit the result',
  generated:
    'a generated file is out of date, not the code: re-run the generator the check runs and commit its output',
  runtime: 'a run-time error of the program: behaviour, not style',
  annotation: 'an annotation with no tool output behind it: read the excerpts for the cause',
  unknown: 'no tool recognised this failure; read the excerpts for the cause',
} as const;
