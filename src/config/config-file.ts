/** The repository config's file name, at the repository root. */
export const CONFIG_FILE = '.ci-autofix.yml';
