// The job queue: every state change is one atomic Lua script, so one REST request (see scripts/).
import { randomUUID } from "node:crypto";
import type { Redis } from "@upstash/redis";
import type { $ZodError, $ZodType } from "zod/v4/core";
import * as z from "zod/mini";
import "../zod-locale.js";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff.js";
import { errorFromCode, QueueValidationError } from "./errors.js";
import { type ClaimedJob, type Job, type JobStatus, parseJobRecord } from "./job.js";
import { PRIORITIES, type Priority, type QueueKeys, queueKeys } from "./keys.js";
import { QueueScript } from "./script.js";
import { cancelScript } from "./scripts/cancel-7.js";
import { claimScript } from "./scripts/claim-6.js";
import { claimJobScript } from "./scripts/claim-job-6.js";
import { completeScript } from "./scripts/complete-3.js";
import { enqueueScript } from "./scripts/enqueue-2.js";
import { failScript } from "./scripts/fail-4.js";
import { listScript } from "./scripts/list-n.js";
import { readHashesScript } from "./scripts/read-n.js";
import { reapScript } from "./scripts/reap-5.js";
import { removeScript } from "./scripts/remove-4.js";
import { rescheduleScript } from "./scripts/reschedule-3.js";
import { retryDeadScript } from "./scripts/retry-dead-4.js";
import { statsScript } from "./scripts/stats-8.js";
import { touchScript } from "./scripts/touch-2.js";

export interface JobQueueOptions<P> {
  /** An `@upstash/redis` client; create it with `automaticDeserialization: false`. */
  redis: Redis;
  /** Validates every payload on enqueue; a zod or zod/mini schema. */
  schema: $ZodType<P>;
  /** Prefix of every key. @default "klap" */
  prefix?: string;
  /** Attempts before a job is dead-lettered, unless the job sets its own. @default 5 */
  maxAttempts?: number;
  /** How long completed, dead and cancelled records are kept. @default 24 h */
  ttlMs?: number;
  /** Retry delays. @default 5 s doubling up to 10 min, with jitter */
  backoff?: BackoffOptions;
  /** Clock in ms; injectable so tests can move time. @default Date.now */
  now?: () => number;
}

export const enqueueOptionsSchema = z.object({
  priority: z._default(
    z.enum(PRIORITIES, { error: "priority must be 'high', 'normal' or 'low'" }),
    "normal",
  ),
  idempotencyKey: z.optional(
    z
      .string({ error: "idempotencyKey must be a string" })
      .check(
        z.minLength(1, "idempotencyKey must not be empty"),
        z.maxLength(200, "idempotencyKey must be at most 200 characters"),
      ),
  ),
  maxAttempts: z.optional(
    z.int({ error: "maxAttempts must be a whole number" }).check(z.gte(1), z.lte(50)),
  ),
  delayMs: z._default(
    z.int({ error: "delayMs must be a whole number" }).check(z.gte(0), z.lte(7 * 24 * 3600_000)),
    0,
  ),
});
export type EnqueueOptions = z.input<typeof enqueueOptionsSchema>;

export interface StepUpdate {
  /** Step state to save (replaces the saved state). */
  state?: Record<string, unknown>;
  /** 0–100. */
  progress?: number;
  /** Name of the step to run next. */
  step?: string;
}

export interface QueueStats {
  pending: Record<Priority, number> & { total: number };
  active: number;
  delayed: number;
  dead: number;
  completed: number;
  cancelled: number;
  /** Age of the oldest pending job in ms, or null when none is pending. */
  oldestPendingAgeMs: number | null;
}

export interface ClaimResult<P> {
  jobs: ClaimedJob<P>[];
  /** Jobs whose lease had expired, put back in their queue by this call. */
  requeued: number;
  /** Jobs whose lease had expired on their last attempt, dead-lettered by this call. */
  deadLettered: number;
}

const LIST_KINDS: Record<JobStatus, "lists" | "zset" | "zset-rev"> = {
  pending: "lists",
  active: "zset",
  delayed: "zset",
  dead: "zset-rev",
  completed: "zset-rev",
  cancelled: "zset-rev",
};

export class JobQueue<P = unknown> {
  readonly keys: QueueKeys;
  private readonly schema: $ZodType<P>;
  private readonly maxAttempts: number;
  private readonly ttlMs: number;
  private readonly backoff: BackoffOptions;
  private readonly now: () => number;
  private readonly scripts;

  constructor(options: JobQueueOptions<P>) {
    this.keys = queueKeys(options.prefix ?? "klap");
    this.schema = options.schema;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.ttlMs = options.ttlMs ?? 24 * 3600_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? Date.now;
    const r = options.redis;
    this.scripts = {
      enqueue: new QueueScript<[number, unknown[]]>(r, "enqueue", enqueueScript),
      claim: new QueueScript<[number, number, unknown[][]]>(r, "claim", claimScript),
      claimJob: new QueueScript<unknown[] | number>(r, "claimJob", claimJobScript),
      reap: new QueueScript<[number, number]>(r, "reap", reapScript),
      complete: new QueueScript<number>(r, "complete", completeScript),
      fail: new QueueScript<[string, number] | number>(r, "fail", failScript),
      reschedule: new QueueScript<number>(r, "reschedule", rescheduleScript),
      touch: new QueueScript<number>(r, "touch", touchScript),
      cancel: new QueueScript<unknown[] | number>(r, "cancel", cancelScript),
      retryDead: new QueueScript<number>(r, "retryDead", retryDeadScript),
      remove: new QueueScript<number>(r, "remove", removeScript),
      stats: new QueueScript<number[]>(r, "stats", statsScript),
      list: new QueueScript<[number, unknown[][]]>(r, "list", listScript),
      read: new QueueScript<unknown[][]>(r, "read", readHashesScript),
    };
  }

  /**
   * Adds a job (one request). With an idempotency key already in use, returns that job instead,
   * with `created: false`. Invalid payloads or options throw QueueValidationError and write nothing.
   */
  async enqueue(
    payload: unknown,
    options: EnqueueOptions = {},
  ): Promise<{ job: Job<P>; created: boolean }> {
    const parsedPayload = z.safeParse(this.schema, payload);
    if (!parsedPayload.success) throw validationError("payload", parsedPayload.error);
    const opts = z.safeParse(enqueueOptionsSchema, options);
    if (!opts.success) throw validationError("", opts.error);
    const { priority, idempotencyKey, maxAttempts, delayMs } = opts.data;
    const k = this.keys;
    const [created, record] = await this.scripts.enqueue.run(
      [k.pending[priority], k.delayed],
      [
        k.jobPrefix,
        k.idempotencyPrefix,
        randomUUID(),
        JSON.stringify(parsedPayload.data),
        priority,
        maxAttempts ?? this.maxAttempts,
        this.now(),
        idempotencyKey ?? "",
        delayMs,
      ],
    );
    return { job: parseJobRecord<P>(record)!, created: created === 1 };
  }

  /**
   * Claims up to `n` jobs (one request): first reaps expired leases and releases due delayed jobs,
   * then takes high before normal before low, FIFO within each. Each job is leased for `leaseMs`.
   */
  async claim(n: number, leaseMs: number): Promise<ClaimResult<P>> {
    const k = this.keys;
    const [requeued, deadLettered, records] = await this.scripts.claim.run(
      [k.pending.high, k.pending.normal, k.pending.low, k.processing, k.delayed, k.dlq],
      [k.jobPrefix, k.idempotencyPrefix, k.metricsPrefix, this.now(), leaseMs, n, this.ttlMs],
    );
    const jobs = records.map((r) => {
      const job = parseJobRecord<P>(r)!;
      return { ...job, lease: job.runs };
    });
    return { jobs, requeued, deadLettered };
  }

  /** Claims the named job if it is pending or due; null if it was taken, is not due, finished or never existed. */
  async claimJob(id: string, leaseMs: number): Promise<ClaimedJob<P> | null> {
    const k = this.keys;
    const out = await this.scripts.claimJob.run(
      [k.pending.high, k.pending.normal, k.pending.low, k.processing, k.job(id), k.delayed],
      [id, this.now(), leaseMs],
    );
    if (typeof out === "number") return null;
    const job = parseJobRecord<P>(out)!;
    return { ...job, lease: job.runs };
  }

  /**
   * Takes over a job another invocation claimed and handed on (QStash fan-out): returns it if it is
   * still active under `lease`, else null. Read-only; the lease check on every later call does the fencing.
   */
  async adopt(id: string, lease: number): Promise<ClaimedJob<P> | null> {
    const job = await this.get(id);
    if (job?.status !== "active" || job.runs !== lease) return null;
    return { ...job, lease };
  }

  /** Requeues (or dead-letters) jobs whose lease expired. `claim` does this too. */
  async reap(): Promise<{ requeued: number; deadLettered: number }> {
    const k = this.keys;
    const [requeued, deadLettered] = await this.scripts.reap.run(
      [k.pending.high, k.pending.normal, k.pending.low, k.processing, k.dlq],
      [k.jobPrefix, k.idempotencyPrefix, k.metricsPrefix, this.now(), this.ttlMs],
    );
    return { requeued, deadLettered };
  }

  /** Completes a claimed job with its result. Throws LeaseLostError if the lease is gone. */
  async complete(job: ClaimedJob<P>, result: unknown): Promise<void> {
    const k = this.keys;
    const code = await this.scripts.complete.run(
      [k.processing, k.completed, k.job(job.id)],
      [
        job.id,
        job.lease,
        JSON.stringify(result ?? null),
        this.now(),
        this.ttlMs,
        k.idempotencyPrefix,
        k.metricsPrefix,
      ],
    );
    if (code < 0) throw errorFromCode(code, job.id);
  }

  /**
   * Records a failed attempt. Retryable errors wait an exponential backoff and run again until
   * `maxAttempts`; then, or at once for a non-retryable error, the job is dead-lettered.
   */
  async fail(
    job: ClaimedJob<P>,
    error: { message: string; retryable?: boolean },
  ): Promise<{ status: "delayed" | "dead"; attempts: number; retryInMs?: number }> {
    const k = this.keys;
    const delay = backoffDelay(job.attempts + 1, this.backoff);
    const out = await this.scripts.fail.run(
      [k.processing, k.delayed, k.dlq, k.job(job.id)],
      [
        job.id,
        job.lease,
        error.message.slice(0, 2000),
        this.now(),
        delay,
        error.retryable === false ? 0 : 1,
        this.ttlMs,
        k.idempotencyPrefix,
        k.metricsPrefix,
      ],
    );
    if (typeof out === "number") throw errorFromCode(out, job.id);
    const [status, attempts] = out;
    return status === "dead"
      ? { status: "dead", attempts }
      : { status: "delayed", attempts, retryInMs: delay };
  }

  /** Sends a claimed job back to wait `delayMs` (e.g. to poll an external task); not a failure. */
  async reschedule(job: ClaimedJob<P>, delayMs: number, update: StepUpdate = {}): Promise<void> {
    const k = this.keys;
    const code = await this.scripts.reschedule.run(
      [k.processing, k.delayed, k.job(job.id)],
      [job.id, job.lease, this.now(), Math.max(0, Math.round(delayMs)), ...stepArgs(update)],
    );
    if (code < 0) throw errorFromCode(code, job.id);
  }

  /** Extends the lease by `leaseMs` from now and saves step state. Returns the new expiry. */
  async touch(job: ClaimedJob<P>, leaseMs: number, update: StepUpdate = {}): Promise<number> {
    const k = this.keys;
    const out = await this.scripts.touch.run(
      [k.processing, k.job(job.id)],
      [job.id, job.lease, this.now(), leaseMs, ...stepArgs(update)],
    );
    if (out < 0) throw errorFromCode(out, job.id);
    return out;
  }

  /** Cancels a pending, delayed or active job. */
  async cancel(id: string): Promise<Job<P>> {
    const k = this.keys;
    const out = await this.scripts.cancel.run(
      [
        k.pending.high,
        k.pending.normal,
        k.pending.low,
        k.delayed,
        k.processing,
        k.cancelled,
        k.job(id),
      ],
      [id, this.now(), this.ttlMs, k.idempotencyPrefix],
    );
    if (typeof out === "number") throw errorFromCode(out, id);
    return parseJobRecord<P>(out)!;
  }

  /** Puts one dead job back in its queue with fresh attempts. */
  async retryDead(id: string): Promise<void> {
    const code = await this.runRetryDead(id, 1);
    if (code < 0) throw errorFromCode(code, id);
  }

  /** Puts up to `limit` dead jobs back, oldest first. Returns how many. */
  retryAllDead(limit = 1000): Promise<number> {
    return this.runRetryDead("", limit);
  }

  private runRetryDead(id: string, limit: number): Promise<number> {
    const k = this.keys;
    return this.scripts.retryDead.run(
      [k.dlq, k.pending.high, k.pending.normal, k.pending.low],
      [k.jobPrefix, k.idempotencyPrefix, this.now(), id, limit],
    );
  }

  /** Deletes a finished job now. */
  async remove(id: string): Promise<void> {
    const k = this.keys;
    const code = await this.scripts.remove.run(
      [k.completed, k.cancelled, k.dlq, k.job(id)],
      [id, k.idempotencyPrefix],
    );
    if (code < 0) throw errorFromCode(code, id);
  }

  /** One job, or null if it does not exist (or has expired). */
  async get(id: string): Promise<Job<P> | null> {
    const [record] = await this.scripts.read.run([this.keys.job(id)], []);
    return parseJobRecord<P>(record);
  }

  async stats(): Promise<QueueStats> {
    const k = this.keys;
    const now = this.now();
    const c = await this.scripts.stats.run(
      [
        k.pending.high,
        k.pending.normal,
        k.pending.low,
        k.processing,
        k.delayed,
        k.dlq,
        k.completed,
        k.cancelled,
      ],
      [k.jobPrefix, now, this.ttlMs],
    );
    const [
      high = 0,
      normal = 0,
      low = 0,
      active = 0,
      delayed = 0,
      dead = 0,
      completed = 0,
      cancelled = 0,
      oldest = -1,
    ] = c;
    return {
      pending: { high, normal, low, total: high + normal + low },
      active,
      delayed,
      dead,
      completed,
      cancelled,
      oldestPendingAgeMs: oldest < 0 ? null : Math.max(0, now - oldest),
    };
  }

  /** A page of jobs in one state: pending in claim order, active/delayed by due time, finished newest first. */
  async list(
    status: JobStatus,
    offset = 0,
    limit = 20,
  ): Promise<{ total: number; jobs: Job<P>[] }> {
    const k = this.keys;
    const index: Record<JobStatus, string[]> = {
      pending: [k.pending.high, k.pending.normal, k.pending.low],
      active: [k.processing],
      delayed: [k.delayed],
      dead: [k.dlq],
      completed: [k.completed],
      cancelled: [k.cancelled],
    };
    const [total, records] = await this.scripts.list.run(index[status], [
      k.jobPrefix,
      LIST_KINDS[status],
      Math.max(0, offset),
      Math.min(Math.max(1, limit), 200),
    ]);
    return {
      total,
      jobs: records.map((r) => parseJobRecord<P>(r)).filter((j): j is Job<P> => j !== null),
    };
  }

  /** Jobs completed and dead-lettered per minute over the last hour (oldest first). */
  async throughput(
    now = this.now(),
  ): Promise<{ minute: number; completed: number; dead: number }[]> {
    const hour = Math.floor(now / 3600_000) * 3600_000;
    const hashes = await this.scripts.read.run(
      [this.keys.metrics(hour - 3600_000), this.keys.metrics(hour)],
      [],
    );
    const counts = new Map<string, number>();
    for (const flat of hashes) {
      for (let i = 0; i + 1 < flat.length; i += 2) counts.set(String(flat[i]), Number(flat[i + 1]));
    }
    const thisMinute = Math.floor(now / 60_000) * 60_000;
    return Array.from({ length: 60 }, (_, i) => {
      const minute = thisMinute - (59 - i) * 60_000;
      return {
        minute,
        completed: counts.get(`completed:${minute}`) ?? 0,
        dead: counts.get(`dead:${minute}`) ?? 0,
      };
    });
  }
}

function stepArgs(update: StepUpdate): string[] {
  return [
    update.state === undefined ? "" : JSON.stringify(update.state),
    update.progress === undefined
      ? ""
      : String(Math.max(0, Math.min(100, Math.round(update.progress)))),
    update.step ?? "",
  ];
}

function validationError(root: string, error: $ZodError): QueueValidationError {
  const issues = error.issues.map((i) => ({
    path: [root, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
  const first = issues[0]!;
  return new QueueValidationError(
    `${first.path || root || "input"}: ${first.message}`,
    first.path || root,
    issues,
  );
}
