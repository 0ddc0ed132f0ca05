export {
  detectPins,
  NPM_TOOLS,
  PIN_FILES,
  PYTHON_TOOLS,
  VERSION,
  versionIn,
  type Pin,
  type PinnedTool,
} from './pins.js';
export {
  defaultToolCache,
  HELPER_VERSIONS,
  Toolchain,
  type InstalledVersion,
  type PreparedTools,
} from './toolchain.js';
