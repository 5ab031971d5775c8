// An error that is the client's fault, with the status and message it should see.

export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    /** The request field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** `{ "error": message, "field"?: field }` with the given status. */
export function errorResponse(status: number, message: string, field?: string): Response {
  return Response.json(field ? { error: message, field } : { error: message }, { status });
}
