// Reads a request body with a size cap, as text (for signatures) or JSON (for handlers).
import type { $ZodType } from "zod/v4/core";
import * as z from "zod/mini";
import "../zod-locale.js";
import { HttpError } from "./http-error.js";

/** Largest JSON body the API accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The raw body, or 413 past `limit` bytes (checked on the declared length and while reading). */
export async function readText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new HttpError(413, `Request body is over the ${limit}-byte limit`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, `Request body is over the ${limit}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses `text` as JSON and validates it (zod or zod/mini); 400 names the first bad field. */
export function parseJsonBody<T>(text: string, schema: $ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Request body must be valid JSON", "body");
  }
  return parseInput(value, schema, "body");
}

/** Validates request input (a parsed body, a query string); 400 names the first bad field. */
export function parseInput<T>(value: unknown, schema: $ZodType<T>, root: string): T {
  const result = z.safeParse(schema, value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.map(String).join(".") || root;
    throw new HttpError(400, `${field}: ${issue.message}`, field);
  }
  return result.data;
}
