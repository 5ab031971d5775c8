// Verifies that a request really comes from QStash: the `Upstash-Signature` JWT, checked by the
// official Receiver against the current and next signing keys, the raw body and the exact URL.
import type { AppContext } from "../context.js";

export async function isSignedByQStash(
  ctx: AppContext,
  request: Request,
  rawBody: string,
): Promise<boolean> {
  const signature = request.headers.get("upstash-signature");
  if (!signature) return false;
  // The subject is the URL QStash was asked to call: the public base URL plus this path.
  const url = `${ctx.baseUrl(request)}${new URL(request.url).pathname}`;
  try {
    return await ctx.receiver.verify({ signature, body: rawBody, url });
  } catch {
    return false;
  }
}
