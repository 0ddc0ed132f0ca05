export { customFixer, type CustomFixerConfig } from './custom-fixer.js';
export { expandTemplate, type Fixer, type FixerContext, type ToolResolver } from '../tools/index.js';
export {
  orderedFixers,
  planFixes,
  safeRelative,
  type FixersConfig,
  type FixPlan,
  type FixStep,
} from './plan-fixes.js';
export { repositoryTools } from './tool-resolver.js';
