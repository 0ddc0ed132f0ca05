import { z } from 'zod';
import { setting as readSetting } from '../config/index.js';
import { AutofixError } from '../domain/index.js';

/**
 * The pieces of a zod schema over the environment (service-env-schema.ts): settings read from NAME or
 * from the file NAME_FILE names (Kubernetes secrets), checked in parts that each receive the whole
 * environment, so that one part's problems never hide another's and every problem is listed at once.
 */

type Env = NodeJS.ProcessEnv;

/** What a setting's own schema receives: its text, or undefined when it is unset. */
export type SettingSchema = z.ZodType<unknown, string | undefined>;

/** The environment, as every part of the schema receives it. */
export const environment = z.custom<Env>();

/** `read()`, or `failed` with the AutofixError it throws as the problem. */
export function attempt<T, F>(ctx: z.RefinementCtx, read: () => T, failed: F): T | F {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof AutofixError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
    return failed;
  }
}

/** A value `read` takes from the environment; an AutofixError it throws is the problem. */
export function readBy<T>(read: (env: Env) => T) {
  return environment.transform((env, ctx) => attempt(ctx, () => read(env), z.NEVER));
}

/**
 * One setting's text, or undefined when unset. A file that cannot be read is a problem, and the setting
 * counts as unset for the checks across settings, which are still made.
 */
export function settingText(env: Env, name: string, ctx: z.RefinementCtx): string | undefined {
  return attempt(ctx, () => readSetting(env, name), undefined);
}

/** One setting, checked by `schema`. */
export function setting<S extends SettingSchema>(name: string, schema: S) {
  return environment.transform((env, ctx) => settingText(env, name, ctx)).pipe(schema);
}

/** Parts checked side by side, each given the whole environment. */
export function parts<P extends Record<string, z.ZodType>>(shape: P) {
  return z.preprocess(
    (env) => Object.fromEntries(Object.keys(shape).map((key) => [key, env])),
    z.object(shape),
  );
}

/** Settings checked together, each by the schema under its name. */
export function settings<S extends Record<string, SettingSchema>>(shape: S) {
  const read = Object.entries(shape).map(([name, schema]) => [name, setting(name, schema)]);
  return parts(Object.fromEntries(read) as { [K in keyof S]: ReturnType<typeof setting<S[K]>> });
}
