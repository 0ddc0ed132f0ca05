export { detectPins, PIN_FILES, VERSION, versionIn, type Pin, type PinnedTool } from '../tools/pins.js';
export { defaultToolCache, Toolchain, type InstalledVersion, type PreparedTools } from './toolchain.js';
