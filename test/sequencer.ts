import { statSync } from 'node:fs';
import { relative } from 'node:path';
import picomatch from 'picomatch';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { TIERS } from './tiers.js';

const isLong = picomatch(Object.values(TIERS).flatMap((t) => ('long' in t ? t.long : [])));

/**
 * The order files start in: the tiers' long files first (a run otherwise ends waiting on one started
 * last), then the slowest tier first (system: its SIGKILL runs mostly wait out takeovers, so they overlap
 * well with work that needs the CPU), unit last; within those the larger file first. vitest's own order
 * runs the projects by name (integration, service, system, unit), which started the longest file last.
 */
export default class SlowestTierFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const tiers = Object.keys(TIERS).reverse();
    const long = new Set(files.filter((f) => isLong(relative(f.project.config.root, f.moduleId))));
    const rank = (f: TestSpecification) => (long.has(f) ? 0 : tiers.length) + tiers.indexOf(f.project.name);
    const size = new Map(files.map((f) => [f.moduleId, statSync(f.moduleId).size]));
    return [...files].sort((a, b) => rank(a) - rank(b) || size.get(b.moduleId)! - size.get(a.moduleId)!);
  }
}
