import { z } from 'zod';
import { FIXABILITIES } from '../domain/index.js';

/** A regex that compiles; the message names the pattern so the user can find it. */
const pattern = z.string().superRefine((p, ctx) => {
  try {
    new RegExp(p);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(err as Error).message}` });
  }
});

const fixability = z.enum(FIXABILITIES);

const toolOverride = z.strictObject({
  enabled: z.boolean().optional().describe("false turns this tool's parser off"),
  fixability: fixability.optional().describe('verdict for every diagnostic of this tool'),
  codes: z.record(z.string(), fixability).optional().describe('verdict per rule code, e.g. { F401: none }'),
});

/**
 * `.ci-autofix.yml`: the one schema (DESIGN.md §4.10). Unknown keys are errors that name the key.
 * Defaults are documented in the README's configuration section.
 */
export const repoConfigSchema = z.strictObject({
  version: z.literal(1).optional().describe('schema version; 1'),
  check: z
    .string()
    .min(1)
    .optional()
    .describe('the command that proves the repository is green, e.g. `just check`'),
  fixable_patterns: z
    .array(pattern)
    .default([])
    .describe('regexes on the message: matching failures become auto-fixable (llm)'),
  ignore_patterns: z
    .array(pattern)
    .default([])
    .describe('regexes on the message: matching diagnostics are dropped'),
  tools: z
    .record(z.string(), toolOverride)
    .default({})
    .describe('per-tool parser switch and verdict overrides'),
});

export type RepoConfig = z.infer<typeof repoConfigSchema>;
