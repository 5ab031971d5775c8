// One delivery attempt: the HTTP request QStash makes to a destination, freshly signed each time.
import { signQStashRequest } from "./sign.js";

export interface DeliveryRequest {
  messageId: string;
  destination: string;
  method: string;
  body: Buffer;
  forwardHeaders: Record<string, string>;
  /** Attempts that failed before this one; QStash sends it as `Upstash-Retried`, starting at 0. */
  retried: number;
  signingKey: string;
  timeoutMs: number;
  /** Aborts the attempt when the simulator closes. */
  signal: AbortSignal;
}

/** An HTTP status, or an error text when no answer arrived (refused, reset, timed out). */
export type DeliveryOutcome = { status: number } | { error: string };

export async function deliverOnce(request: DeliveryRequest): Promise<DeliveryOutcome> {
  const hasBody = request.method !== "GET";
  const body = hasBody ? request.body : Buffer.alloc(0);
  const headers: Record<string, string> = {
    ...request.forwardHeaders,
    "user-agent": "Upstash-QStash",
    "upstash-message-id": request.messageId,
    "upstash-retried": String(request.retried),
    "upstash-caller-ip": "127.0.0.1",
    "upstash-signature": signQStashRequest({
      signingKey: request.signingKey,
      url: request.destination,
      body,
    }),
  };
  try {
    const response = await fetch(request.destination, {
      method: request.method,
      headers,
      body: hasBody ? new Uint8Array(body) : undefined,
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]),
      redirect: "manual",
    });
    await response.arrayBuffer(); // drain, so the connection can be reused
    return { status: response.status };
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") {
      return { error: `no answer within ${request.timeoutMs} ms` };
    }
    const cause = error instanceof Error ? error.cause : undefined;
    const code =
      cause && typeof cause === "object" && "code" in cause ? ` (${String(cause.code)})` : "";
    return { error: `${error instanceof Error ? error.message : String(error)}${code}` };
  }
}
