// Bearer-token checks in constant time: the comparison takes as long for a near miss as for garbage.
import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "./http-error.js";

/** True when `given` equals `expected`; hashing first makes lengths equal, so length leaks nothing. */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

export function hasBearer(request: Request, expected: string): boolean {
  const token = bearerToken(request);
  return token !== null && safeEqual(token, expected);
}

/** Throws a 401 (which changes nothing) unless the request carries `Bearer <expected>`. */
export function requireBearer(request: Request, expected: string): void {
  if (!hasBearer(request, expected)) {
    throw new HttpError(401, "Missing or invalid bearer token", "authorization");
  }
}
