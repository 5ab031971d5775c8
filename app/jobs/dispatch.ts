// Hands work to the worker route through QStash: signed, retried HTTP delivery.
import type { AppContext } from "../context.js";

export const WORKER_PATH = "/api/worker/klap";

/** What the worker route accepts: a job to claim, or a claimed job handed over with its lease. */
export interface WorkerMessage {
  jobId?: string;
  lease?: number;
}

export interface PublishOptions {
  /** QStash delivers a message with the same id only once. */
  dedupId?: string;
  /** Deliver no sooner than this (rounded up to whole seconds, QStash's unit). */
  delayMs?: number;
}

/** Publishes one message to the worker route of the deployment at `baseUrl`. */
export async function publishToWorker(
  ctx: AppContext,
  baseUrl: string,
  message: WorkerMessage,
  options: PublishOptions = {},
) {
  if (!ctx.qstash) throw new Error("QSTASH_TOKEN is not set: cannot publish to the worker");
  const bypass = ctx.env.VERCEL_AUTOMATION_BYPASS_SECRET;
  return ctx.qstash.publishJSON({
    url: `${baseUrl}${WORKER_PATH}`,
    body: message,
    retries: 3,
    ...(options.dedupId ? { deduplicationId: options.dedupId } : {}),
    ...(options.delayMs ? { delay: Math.ceil(options.delayMs / 1000) } : {}),
    // Forwarded to the worker as a plain header, so Vercel Deployment Protection lets QStash in.
    ...(bypass ? { headers: { "x-vercel-protection-bypass": bypass } } : {}),
  });
}
