import { z } from 'zod';
import { repoConfigSchema } from './schema.js';

/** The JSON Schema of `.ci-autofix.yml`, generated from the zod schema (editors validate with it). */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(repoConfigSchema, { io: 'input' }),
    $id: 'https://github.com/ci-autofix/ci-autofix/schema/ci-autofix.schema.json',
    title: '.ci-autofix.yml',
  };
}
