import type { Forge } from '../forge/forge.js';
import type { PrOutcome } from './pr-job.js';

/** Counts the time spent waiting for the forge. */
export function timedForge(forge: Forge, timing: PrOutcome['timing']): Forge {
  return new Proxy(forge, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof v !== 'function' || key === 'compareUrl') return v;
      return async (...args: unknown[]) => {
        const t = Date.now();
        try {
          return await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          timing.github_ms += Date.now() - t;
        }
      };
    },
  });
}
