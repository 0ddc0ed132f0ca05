/** Python traceback frames: `  File "path", line N, in func` (SyntaxError frames have no `, in`). */
export const FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$/;

/** `ValueError: boom`, `pkg.errors.Custom: x`, or a bare `KeyboardInterrupt`. */
export const EXCEPTION_LINE =
  /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure|Iteration)|[A-Z]\w*Error)(?:: (.*))?$/;

/** Frames in the interpreter, site-packages or generated code say little about where to fix. */
export function isLibraryFrame(path: string): boolean {
  return (
    path.startsWith('<') ||
    path.includes('site-packages/') ||
    path.includes('dist-packages/') ||
    /\/lib\/python\d/.test(path) ||
    path.includes('/.pyenv/') ||
    path.includes('importlib/')
  );
}

export interface Frame {
  path: string;
  line: number;
}

/** The frame to point at: the innermost one in project code (none when every frame is library code). */
export function pickFrame(frames: Frame[]): Frame | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (!isLibraryFrame(frames[i]!.path)) return frames[i];
  return undefined;
}
