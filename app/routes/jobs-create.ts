// POST /api/jobs: enqueue a Klap clip job (Bearer QUEUE_API_TOKEN). 202 new, 200 idempotent repeat.
import * as z from "zod/mini";
import "../zod-locale.js";
import type { AppContext } from "../context.js";
import { requireBearer } from "../http/auth.js";
import { parseJsonBody, readText } from "../http/body.js";
import { publishToWorker } from "../jobs/dispatch.js";
import { klapJobSchema } from "../jobs/klap-job.js";
import { PRIORITIES } from "../queue/index.js";

export const createJobSchema = z.strictObject(
  {
    ...klapJobSchema.shape,
    priority: z.optional(
      z.enum(PRIORITIES, { error: "priority must be 'high', 'normal' or 'low'" }),
    ),
    idempotencyKey: z.optional(
      z
        .string({ error: "idempotencyKey must be a string" })
        .check(z.minLength(1), z.maxLength(200)),
    ),
  },
  {
    error: (i) =>
      i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : undefined,
  },
);

export async function createJob(
  request: Request,
  _params: unknown,
  ctx: AppContext,
): Promise<Response> {
  requireBearer(request, ctx.env.QUEUE_API_TOKEN);
  const { priority, idempotencyKey, ...payload } = parseJsonBody(
    await readText(request),
    createJobSchema,
  );
  const { job, created } = await ctx.queue.enqueue(payload, { priority, idempotencyKey });
  let pushed = false;
  if (created && ctx.qstash) {
    // Start in about a second instead of at the next cron tick; the cron remains the safety net.
    try {
      await publishToWorker(
        ctx,
        ctx.baseUrl(request),
        { jobId: job.id },
        { dedupId: `job-${job.id}` },
      );
      pushed = true;
    } catch (error) {
      ctx.log.error("job.push_failed", {
        jobId: job.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  ctx.log.info("job.enqueued", { jobId: job.id, priority: job.priority, created, pushed });
  return Response.json({ id: job.id, status: job.status }, { status: created ? 202 : 200 });
}
