// One error type for the whole app: a code decides the HTTP status and the
// message a person sees. Internal details stay in `cause` and in the logs.

export const errorCatalog = {
  bad_request: { status: 400, message: "The request is not valid." },
  validation_failed: { status: 422, message: "Some fields are not valid." },
  unauthenticated: { status: 401, message: "Please sign in." },
  forbidden: { status: 403, message: "You don't have permission to do that." },
  not_found: { status: 404, message: "We couldn't find that." },
  conflict: { status: 409, message: "That conflicts with the current state." },
  rate_limited: { status: 429, message: "Too many requests. Please wait and try again." },
  upstream_failed: { status: 502, message: "Five9 did not answer as expected. Please try again." },
  internal: { status: 500, message: "Something went wrong on our side." },
} as const;

export type ErrorCode = keyof typeof errorCatalog;

export class AppError extends Error {
  readonly status: number;
  readonly userMessage: string;

  constructor(
    readonly code: ErrorCode,
    userMessage?: string,
    options?: { cause?: unknown; fields?: Record<string, string> },
  ) {
    super(userMessage ?? errorCatalog[code].message, { cause: options?.cause });
    this.name = "AppError";
    this.status = errorCatalog[code].status;
    this.userMessage = userMessage ?? errorCatalog[code].message;
    this.fields = options?.fields;
  }

  readonly fields?: Record<string, string>;

  toJSON() {
    return { error: { code: this.code, message: this.userMessage, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

/** Any thrown value as an AppError; unknown errors become `internal` (their text is never shown). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError("internal", undefined, { cause: error });
}

/** JSON response for an error, with the status its code maps to. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  return Response.json(appError.toJSON(), { status: appError.status });
}
