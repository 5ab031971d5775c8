// The plain-text error pages Vercel's edge answers with, e.g. 504 FUNCTION_INVOCATION_TIMEOUT.
import type { ServerResponse } from "node:http";

export type VercelErrorCode =
  | "NOT_FOUND"
  | "FUNCTION_INVOCATION_FAILED"
  | "FUNCTION_INVOCATION_TIMEOUT"
  | "NO_RESPONSE_FROM_FUNCTION"
  | "FUNCTION_PAYLOAD_TOO_LARGE";

export function sendVercelError(res: ServerResponse, status: number, code: VercelErrorCode): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `An error occurred with your deployment\n\n${code}\n`;
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "x-vercel-error": code,
  });
  res.end(body);
}
