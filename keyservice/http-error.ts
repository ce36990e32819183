/** An error that becomes Flywheel's error body { message, status_code, request_id } with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  message: string;
  status_code: number;
  request_id: string;
}

export function errorBody(status: number, message: string, requestId: string): ErrorBody {
  return { message, status_code: status, request_id: requestId };
}

export const badRequest = (message: string): HttpError => new HttpError(400, message);
export const notFound = (message: string): HttpError => new HttpError(404, message);
export const forbidden = (message: string): HttpError => new HttpError(403, message);
export const unprocessable = (message: string): HttpError => new HttpError(422, message);
