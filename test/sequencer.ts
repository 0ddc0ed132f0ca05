import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { START_FIRST, TIERS } from './tiers.js';

/**
 * The order files start in: START_FIRST's long files in their order, then the slowest tier first
 * (system: its SIGKILL runs mostly wait out takeovers, so they overlap well with work that needs the
 * CPU), unit last; within a tier the larger file first. vitest's own order runs the projects by name
 * (integration, service, system, unit), which started the longest file last.
 */
export default class SlowestTierFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const tiers = Object.keys(TIERS).reverse();
    const first = (f: TestSpecification) => START_FIRST.indexOf(relative(f.project.config.root, f.moduleId));
    const rank = (f: TestSpecification) =>
      first(f) >= 0 ? first(f) : START_FIRST.length + tiers.indexOf(f.project.name);
    const size = new Map(files.map((f) => [f.moduleId, statSync(f.moduleId).size]));
    return [...files].sort((a, b) => rank(a) - rank(b) || size.get(b.moduleId)! - size.get(a.moduleId)!);
  }
}
