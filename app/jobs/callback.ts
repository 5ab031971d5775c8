// Tells the main app a job is done: POSTs its final state to the job's callbackUrl, signed with
// HMAC-SHA256 over `<timestamp>.<body>`, retried a few times with backoff.
import { createHmac } from "node:crypto";
import type { Job } from "../queue/index.js";
import type { KlapJobPayload } from "./klap-job.js";

export const SIGNATURE_HEADER = "x-inflio-signature";
export const TIMESTAMP_HEADER = "x-inflio-timestamp";

export interface CallbackOptions {
  secret: string;
  /** Delays before each retry. @default [250, 1000, 3000] */
  retryDelaysMs?: number[];
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CallbackOutcome {
  delivered: boolean;
  attempts: number;
  status?: number;
}

/** The body the callback receives. */
export function callbackBody(job: Job<KlapJobPayload>) {
  return {
    event: job.status === "completed" ? "job.completed" : "job.dead",
    job: {
      id: job.id,
      projectId: job.payload.projectId,
      status: job.status,
      attempts: job.attempts,
      result: job.result,
      error: job.error,
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    },
  };
}

/** `sha256=<hex>` over `<timestamp>.<body>`; receivers recompute it and compare in constant time. */
export function signCallback(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export async function deliverCallback(
  url: string,
  job: Job<KlapJobPayload>,
  options: CallbackOptions,
): Promise<CallbackOutcome> {
  const body = JSON.stringify(callbackBody(job));
  const delays = options.retryDelaysMs ?? [250, 1000, 3000];
  const doFetch = options.fetch ?? fetch;
  let status: number | undefined;
  for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const res = await doFetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signCallback(options.secret, timestamp, body),
          "x-inflio-job-id": job.id,
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      // 4xx other than 408/429 means the receiver rejects this body: retrying will not help.
      if (res.ok) return { delivered: true, attempts: attempt, status };
      if (res.status < 500 && res.status !== 408 && res.status !== 429)
        return { delivered: false, attempts: attempt, status };
    } catch {
      status = undefined;
    }
    if (attempt <= delays.length) await new Promise((r) => setTimeout(r, delays[attempt - 1]));
  }
  return { delivered: false, attempts: delays.length + 1, status };
}
