/** A request the server refuses, with the HTTP status and the field (`param`) to blame. */
import { CascadeError } from '../../core/errors.ts';

export class RequestError extends CascadeError {
  readonly status: number;
  readonly param: string | null;

  constructor(status: number, message: string, param: string | null = null, code = 'bad_request') {
    // the message names the field itself; `param` carries it for the wire
    super(code, message);
    this.status = status;
    this.param = param;
  }
}

/** vLLM's error body shape: `{error: {message, type, param, code}}`. */
export function errorBody(status: number, message: string, param: string | null, type?: string) {
  return { error: { message, type: type ?? errorType(status), param, code: status } };
}

function errorType(status: number): string {
  if (status === 400 || status === 413) return 'BadRequestError';
  if (status === 401) return 'AuthenticationError';
  if (status === 404) return 'NotFoundError';
  if (status === 503) return 'ServiceUnavailableError';
  return 'InternalServerError';
}
