/** How the JavaScript test frameworks (jest, vitest, mocha) name test files and skip or assert. */
export const JS_TEST_FILES = ['**/__tests__/**', '**/*.test.*', '**/*.spec.*'];
export const JS_TEST_CODE = {
  files: /\.(m|c)?[jt]sx?$|\.(vue|svelte)$/,
  asserts: /\bexpect\s*\(|\bshould\b/,
  skips: /\b(it|test|describe)\.(skip|todo)\b|\bx(it|test|describe)\(|\.only\(/,
};
