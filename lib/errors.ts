// The errors Frugal throws on purpose. Each carries the HTTP status and a stable
// code; the message is written for the person who will read it.

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, details?: unknown, code = "BAD_REQUEST") {
    super(400, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Sign in, or send an API token as 'Authorization: Bearer <token>'.") {
    super(401, "UNAUTHORIZED", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, code = "FORBIDDEN") {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = "Not found.") {
    super(404, "NOT_FOUND", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, "CONFLICT", message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, "PAYLOAD_TOO_LARGE", message);
  }
}

export class UnprocessableError extends AppError {
  constructor(message: string, details?: unknown) {
    super(422, "UNPROCESSABLE", message, details);
  }
}

export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, "RATE_LIMITED", message);
  }
}

/** The server is at capacity for this kind of work: come back shortly (503 with Retry-After). */
export class BusyError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(503, "BUSY", message);
  }
}

/**
 * An error as the API answers it: `{error: {code, message, details?}}` with its status, never
 * cached. Here rather than beside the route wrapper so that proxy.ts and the 404 of unknown
 * addresses answer in the same shape without loading the database client.
 */
export function errorResponse(error: AppError): Response {
  const headers = new Headers({ "cache-control": "no-store" });
  if (error.status === 401) headers.set("www-authenticate", 'Bearer realm="frugal"');
  if ("retryAfterSeconds" in error) headers.set("retry-after", String(error.retryAfterSeconds));
  const body = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
  return Response.json(body, { status: error.status, headers });
}
