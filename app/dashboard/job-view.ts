// What the dashboard API tells about a job: a row for the lists, and the detail with the payload
// redacted. Shapes are plain JSON so the page renders them without knowing the queue's types.
import type { KlapJobPayload, KlapJobResult, KlapJobState } from "../jobs/klap-job.js";
import type { Job } from "../queue/index.js";
import { redact } from "./redact.js";

export interface JobRow {
  id: string;
  status: Job["status"];
  priority: Job["priority"];
  projectId: string | null;
  attempts: number;
  maxAttempts: number;
  progress: number;
  step: string | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  runAt: number | null;
  finishedAt: number | null;
}

export interface JobDetail extends JobRow {
  runs: number;
  startedAt: number | null;
  leaseUntil: number | null;
  idempotencyKey: string | null;
  klapTaskId: string | null;
  clips: {
    id: string;
    name: string | null;
    viralityScore: number | null;
    exportUrl: string | null;
  }[];
  payload: unknown;
  state: unknown;
  result: unknown;
}

/** Longest error shown in a list row; the detail has the whole message. */
const ROW_ERROR_CHARS = 200;

export function jobRow(job: Job<KlapJobPayload>, errorChars = ROW_ERROR_CHARS): JobRow {
  return {
    id: job.id,
    status: job.status,
    priority: job.priority,
    projectId: typeof job.payload?.projectId === "string" ? job.payload.projectId : null,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    progress: job.progress,
    step: job.step ?? null,
    error: job.error?.slice(0, errorChars) ?? null,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    runAt: job.runAt ?? null,
    finishedAt: job.finishedAt ?? null,
  };
}

export function jobDetail(job: Job<KlapJobPayload>): JobDetail {
  const state = job.state as KlapJobState;
  const result = job.result as Partial<KlapJobResult> | undefined;
  // A finished job's clips carry export URLs; a running one has its picks in the step state.
  const picked: {
    id: string;
    name: string | null;
    viralityScore: number | null;
    exportUrl?: string;
  }[] = result?.clips ?? state.clips ?? [];
  const clips = picked.map((c) => ({
    id: c.id,
    name: c.name ?? null,
    viralityScore: c.viralityScore ?? null,
    exportUrl: c.exportUrl || state.exports?.[c.id]?.srcUrl || null,
  }));
  return {
    ...jobRow(job, Number.POSITIVE_INFINITY),
    runs: job.runs,
    startedAt: job.startedAt ?? null,
    leaseUntil: job.leaseUntil ?? null,
    idempotencyKey: job.idempotencyKey ?? null,
    klapTaskId: result?.taskId ?? state.taskId ?? null,
    clips,
    payload: redact(job.payload),
    state: redact(job.state),
    result: redact(job.result ?? null),
  };
}
