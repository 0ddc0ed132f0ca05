/**
 * Errors carry a code and an audience (docs/architecture.md, conventions) and are caught at one boundary per entry point.
 * `user` errors are the user's to fix (bad input, bad config); the message says what to do.
 */
export type ErrorAudience = 'bug' | 'user' | 'external';

export class AutofixError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly audience: ErrorAudience = 'user',
  ) {
    super(message);
    this.name = 'AutofixError';
  }
}

export function isAutofixError(err: unknown): err is AutofixError {
  return err instanceof AutofixError;
}
