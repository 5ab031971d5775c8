// GET /api/dashboard/summary, /api/dashboard/jobs?status&offset&limit and /api/dashboard/jobs/:id:
// what the page shows. Wrapped by `dashboardRoute` (auth, no-store) where they are registered.
import * as z from "zod/mini";
import type { AppContext } from "../context.js";
import { parseInput } from "../http/body.js";
import { HttpError } from "../http/http-error.js";
import {
  isJobId,
  JOB_STATUSES,
  type JobStatus,
  JobNotFoundError,
  type QueueStats,
} from "../queue/index.js";
import { type JobRow, jobDetail, jobRow } from "./job-view.js";

export interface DashboardSummary {
  stats: QueueStats;
  /** Completed and dead-lettered per minute over the last hour, oldest first. */
  throughput: { minute: number; completed: number; dead: number }[];
  readOnly: boolean;
}

export interface JobPage {
  status: JobStatus;
  offset: number;
  limit: number;
  total: number;
  jobs: JobRow[];
}

/** Largest page the list endpoint serves. */
export const MAX_PAGE_SIZE = 100;

const count = (name: string, min: number, max: number, fallback: number) =>
  z._default(
    z.coerce
      .number({ error: `${name} must be a number` })
      .check(
        z.int({ error: `${name} must be a whole number` }),
        z.minimum(min, `${name} must be at least ${min}`),
        z.maximum(max, `${name} must be at most ${max}`),
      ),
    fallback,
  );

const listQuerySchema = z.object({
  status: z.enum(JOB_STATUSES, { error: `status must be one of ${JOB_STATUSES.join(", ")}` }),
  offset: count("offset", 0, 1_000_000, 0),
  limit: count("limit", 1, MAX_PAGE_SIZE, 20),
});

/** Counts per state, oldest pending age, per-minute throughput of the last hour, and the mode. */
export async function dashboardSummary(
  _request: Request,
  _params: unknown,
  ctx: AppContext,
): Promise<Response> {
  const [stats, throughput] = await Promise.all([ctx.queue.stats(), ctx.queue.throughput()]);
  const summary: DashboardSummary = { stats, throughput, readOnly: ctx.env.DASHBOARD_READ_ONLY };
  return Response.json(summary);
}

/** One page of jobs in one state. */
export async function dashboardJobs(
  request: Request,
  _params: unknown,
  ctx: AppContext,
): Promise<Response> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { status, offset, limit } = parseInput(query, listQuerySchema, "query");
  const { total, jobs } = await ctx.queue.list(status, offset, limit);
  const page: JobPage = { status, offset, limit, total, jobs: jobs.map((j) => jobRow(j)) };
  return Response.json(page);
}

/** One job in full, payload redacted. */
export async function dashboardJob(
  _request: Request,
  params: Record<string, string>,
  ctx: AppContext,
): Promise<Response> {
  const id = jobIdParam(params);
  const job = await ctx.queue.get(id);
  if (!job) throw new JobNotFoundError(id);
  return Response.json(jobDetail(job));
}

/** The `:id` of the path, or 400: ids are UUIDs, and nothing else is turned into a Redis key. */
export function jobIdParam(params: Record<string, string>): string {
  const id = params.id ?? "";
  if (!isJobId(id)) throw new HttpError(400, "id must be a job id (a UUID)", "id");
  return id;
}
