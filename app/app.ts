// The routing table and the error mapping shared by every route.
import { ConfigError } from "./config/env.js";
import type { AppContext } from "./context.js";
import {
  cancelJob,
  dashboardJob,
  dashboardJobs,
  dashboardPage,
  dashboardRoute,
  dashboardScript,
  dashboardStyles,
  dashboardSummary,
  deleteJob,
  retryAllDeadJobs,
  retryDeadJob,
} from "./dashboard/index.js";
import { errorResponse } from "./http/http-error.js";
import { Router } from "./http/router.js";
import { QueueUnavailableError, QueueValidationError } from "./queue/index.js";
import { cronTick } from "./routes/cron-klap.js";
import { health } from "./routes/health.js";
import { createJob } from "./routes/jobs-create.js";
import { getJob } from "./routes/jobs-get.js";
import { queueStats } from "./routes/queue-stats.js";
import { workerRun } from "./routes/worker-klap.js";

export type Handler = (request: Request) => Promise<Response>;

export function createApp(getContext: () => AppContext): Handler {
  const router = new Router<AppContext>()
    .on("POST", "/api/jobs", createJob)
    .on("GET", "/api/jobs/:id", getJob)
    .on(["GET", "POST"], "/api/cron/klap", cronTick)
    .on("POST", "/api/worker/klap", workerRun)
    .on("GET", "/api/queue/stats", queueStats)
    .on("GET", "/dashboard", dashboardPage)
    .on("GET", "/dashboard/app.js", dashboardScript)
    .on("GET", "/dashboard/app.css", dashboardStyles)
    .on("GET", "/api/dashboard/summary", dashboardRoute(dashboardSummary))
    .on("GET", "/api/dashboard/jobs", dashboardRoute(dashboardJobs))
    .on("GET", "/api/dashboard/jobs/:id", dashboardRoute(dashboardJob))
    .on("DELETE", "/api/dashboard/jobs/:id", dashboardRoute(deleteJob, { write: true }))
    .on("POST", "/api/dashboard/jobs/:id/retry", dashboardRoute(retryDeadJob, { write: true }))
    .on("POST", "/api/dashboard/jobs/:id/cancel", dashboardRoute(cancelJob, { write: true }))
    .on("POST", "/api/dashboard/dead/retry", dashboardRoute(retryAllDeadJobs, { write: true }));

  return async (request) => {
    try {
      if (new URL(request.url).pathname === "/api/health") return await health(getContext);
      return await router.handle(request, getContext);
    } catch (error) {
      return toErrorResponse(error, getContext);
    }
  };
}

function toErrorResponse(error: unknown, getContext: () => AppContext): Response {
  if (error instanceof QueueValidationError) return errorResponse(400, error.message, error.field);
  if (error instanceof ConfigError) {
    console.error(JSON.stringify({ level: "error", event: "config.invalid", keys: error.keys }));
    return errorResponse(500, `Server configuration is incomplete: ${error.keys.join(", ")}`);
  }
  const log = safeLog(getContext);
  if (error instanceof QueueUnavailableError) {
    log?.error("queue.unavailable", { error: error.message });
    return errorResponse(503, "The job queue is unavailable; retry shortly");
  }
  log?.error("request.failed", { error: error instanceof Error ? error.message : String(error) });
  return errorResponse(500, "Internal error");
}

function safeLog(getContext: () => AppContext) {
  try {
    return getContext().log;
  } catch {
    return undefined;
  }
}
