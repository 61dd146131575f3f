/**
 * The one error class Cascade throws for bad input or bad state. `where` names the file, line,
 * message index or key path the problem is at, so the CLI can print it without a stack trace.
 */
export class CascadeError extends Error {
  readonly code: string;
  readonly where?: string;

  constructor(code: string, message: string, options: { where?: string; cause?: unknown } = {}) {
    super(options.where ? `${options.where}: ${message}` : message, { cause: options.cause });
    this.name = 'CascadeError';
    this.code = code;
    this.where = options.where;
  }
}

export function isCascadeError(error: unknown): error is CascadeError {
  return error instanceof CascadeError;
}
