import { statSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { TIERS } from './tiers.js';

/**
 * The order files start in: the slowest tier first (system: its SIGKILL runs mostly wait out takeovers,
 * so they overlap well with work that needs the CPU), unit last; within a tier the larger file first.
 * vitest's own order runs the projects by name (integration, service, system, unit), which started the
 * longest file last and left the run waiting on it alone.
 */
export default class SlowestTierFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const tiers = Object.keys(TIERS).reverse();
    const size = new Map(files.map((f) => [f.moduleId, statSync(f.moduleId).size]));
    return [...files].sort(
      (a, b) =>
        tiers.indexOf(a.project.name) - tiers.indexOf(b.project.name) ||
        size.get(b.moduleId)! - size.get(a.moduleId)!,
    );
  }
}
