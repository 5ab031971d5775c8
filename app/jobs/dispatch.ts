// Hands work to the worker route through QStash: signed, retried HTTP delivery.
import type { AppContext } from "../context.js";

export const WORKER_PATH = "/api/worker/klap";

/** What the worker route accepts: a job to claim, or a claimed job handed over with its lease. */
export interface WorkerMessage {
  jobId?: string;
  lease?: number;
}

/** Publishes one message to the worker; with `dedupId`, QStash delivers it once however often it is sent. */
export async function publishToWorker(
  ctx: AppContext,
  request: Request,
  message: WorkerMessage,
  dedupId?: string,
) {
  if (!ctx.qstash) throw new Error("QSTASH_TOKEN is not set: cannot publish to the worker");
  const bypass = ctx.env.VERCEL_AUTOMATION_BYPASS_SECRET;
  return ctx.qstash.publishJSON({
    url: `${ctx.baseUrl(request)}${WORKER_PATH}`,
    body: message,
    retries: 3,
    ...(dedupId ? { deduplicationId: dedupId } : {}),
    // Forwarded to the worker as a plain header, so Vercel Deployment Protection lets QStash in.
    ...(bypass ? { headers: { "x-vercel-protection-bypass": bypass } } : {}),
  });
}
