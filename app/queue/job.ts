// The job record as stored in its hash (`klap:job:<id>`), and its typed form.
import type { Priority } from "./keys.js";

/**
 * - `pending`: waiting in its priority list to be claimed.
 * - `active`: claimed by a worker, which holds a lease until `leaseUntil`.
 * - `delayed`: waiting until `runAt` (a retry backoff, or the next poll of an external task).
 * - `completed`: finished with a `result`. Terminal; the record expires after the TTL.
 * - `dead`: failed `maxAttempts` times (or a non-retryable error); in the dead-letter queue.
 * - `cancelled`: cancelled before it finished. Terminal.
 */
export const JOB_STATUSES = [
  "pending",
  "active",
  "delayed",
  "completed",
  "dead",
  "cancelled",
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: readonly JobStatus[] = ["completed", "dead", "cancelled"];

export interface Job<P = unknown> {
  id: string;
  status: JobStatus;
  priority: Priority;
  payload: P;
  /** Failed attempts so far (errors and expired leases); polls do not count. */
  attempts: number;
  maxAttempts: number;
  /** Times the job was claimed; the current value is the lease token of the worker holding it. */
  runs: number;
  /** 0–100, set by the worker. */
  progress: number;
  /** Name of the next step to run, for multi-step jobs. */
  step?: string;
  /** Step state saved by the worker between invocations (e.g. an external task id). */
  state: Record<string, unknown>;
  result?: unknown;
  /** Last error message. */
  error?: string;
  idempotencyKey?: string;
  createdAt: number;
  updatedAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** When a delayed job becomes claimable again. */
  runAt?: number;
  /** When the current lease of an active job expires. */
  leaseUntil?: number;
}

/** A job held by a worker: pass it back to complete/fail/reschedule/touch. */
export interface ClaimedJob<P = unknown> extends Job<P> {
  /** Fencing token: only the worker holding this lease can change the job. */
  readonly lease: number;
}

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a string shaped like the ids `enqueue` makes (UUIDs): nothing else becomes a Redis key. */
export function isJobId(id: string): boolean {
  return JOB_ID.test(id);
}

/** Builds a Job from HGETALL's flat `[field, value, ...]` array. */
export function parseJobRecord<P>(flat: unknown): Job<P> | null {
  if (!Array.isArray(flat) || flat.length === 0) return null;
  const h: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) h[String(flat[i])] = String(flat[i + 1]);
  if (!h.id) return null;
  const num = (v: string | undefined) => (v === undefined || v === "" ? undefined : Number(v));
  return {
    id: h.id,
    status: h.status as JobStatus,
    priority: (h.priority ?? "normal") as Priority,
    payload: parseJson(h.payload) as P,
    attempts: num(h.attempts) ?? 0,
    maxAttempts: num(h.maxAttempts) ?? 1,
    runs: num(h.runs) ?? 0,
    progress: num(h.progress) ?? 0,
    step: h.step || undefined,
    state: (parseJson(h.state) as Record<string, unknown> | undefined) ?? {},
    result: parseJson(h.result),
    error: h.error || undefined,
    idempotencyKey: h.idempotencyKey || undefined,
    createdAt: num(h.createdAt) ?? 0,
    updatedAt: num(h.updatedAt) ?? 0,
    startedAt: num(h.startedAt),
    finishedAt: num(h.finishedAt),
    runAt: num(h.runAt),
    leaseUntil: num(h.leaseUntil),
  };
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
