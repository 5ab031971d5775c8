// The baseline: the list queue of the original setup guide (../shared/reference/original-setup-guide.md),
// reimplemented command for command from the project it was written for (ImperatorDravidor/inflio at
// 8dc816a, src/lib/redis.ts): job JSON under `klap:job:<id>` read and rewritten with separate GET and
// SETEX calls, LPUSH/RPOP on `klap:jobs:queue`, a `klap:jobs:processing` list, no scripts.
// Deviation: the client is created with `automaticDeserialization: false` (the original JSON.parses
// what the client already parsed); it sends the same commands either way.
import type { Redis } from "@upstash/redis";

export type NaiveStatus = "queued" | "processing" | "completed" | "failed";

export interface NaiveJob {
  id: string;
  projectId: string;
  videoUrl: string;
  status: NaiveStatus;
  progress: number;
  taskId?: string;
  folderId?: string;
  clips?: unknown[];
  error?: string;
  createdAt: number;
  updatedAt: number;
  attempts: number;
}

const DAY_SECONDS = 86_400;
/** The original's stale threshold: a processing job untouched for 10 minutes is failed. */
const STALE_MS = 600_000;

export class NaiveKlapQueue {
  readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix = "klap",
  ) {
    this.keys = {
      jobQueue: `${prefix}:jobs:queue`,
      jobData: (id: string) => `${prefix}:job:${id}`,
      projectJob: (projectId: string) => `${prefix}:project:${projectId}:job`,
      processingJobs: `${prefix}:jobs:processing`,
    };
  }

  /** SETEX job, LPUSH queue, SETEX project → job: three commands. */
  async createJob(projectId: string, videoUrl: string): Promise<NaiveJob> {
    const now = Date.now();
    const job: NaiveJob = {
      id: `job_${projectId}_${now}`,
      projectId,
      videoUrl,
      status: "queued",
      progress: 0,
      createdAt: now,
      updatedAt: now,
      attempts: 0,
    };
    await this.redis.setex(this.keys.jobData(job.id), DAY_SECONDS, JSON.stringify(job));
    await this.redis.lpush(this.keys.jobQueue, job.id);
    await this.redis.setex(this.keys.projectJob(projectId), DAY_SECONDS, job.id);
    return job;
  }

  /** RPOP, then LPUSH processing, GET, SETEX: one command when the queue is empty, four otherwise. */
  async getNextJob(): Promise<NaiveJob | null> {
    const id = await this.redis.rpop<string>(this.keys.jobQueue);
    if (!id) return null;
    await this.redis.lpush(this.keys.processingJobs, id);
    const data = await this.redis.get<string>(this.keys.jobData(id));
    if (!data) {
      await this.redis.lrem(this.keys.processingJobs, 0, id);
      return null;
    }
    const job = JSON.parse(data) as NaiveJob;
    job.status = "processing";
    job.updatedAt = Date.now();
    job.attempts++;
    await this.redis.setex(this.keys.jobData(id), DAY_SECONDS, JSON.stringify(job));
    return job;
  }

  /** GET project → job, then GET job: what the status route calls on every front-end poll. */
  async getJobByProjectId(projectId: string): Promise<NaiveJob | null> {
    const id = await this.redis.get<string>(this.keys.projectJob(projectId));
    if (!id) return null;
    const data = await this.redis.get<string>(this.keys.jobData(id));
    return data ? (JSON.parse(data) as NaiveJob) : null;
  }

  /** Read-modify-write of the whole record: GET, SETEX. Not atomic: a concurrent update is lost. */
  async updateJob(id: string, updates: Partial<NaiveJob>): Promise<void> {
    const data = await this.redis.get<string>(this.keys.jobData(id));
    if (!data) throw new Error("Job not found");
    const job = { ...(JSON.parse(data) as NaiveJob), ...updates, updatedAt: Date.now() };
    await this.redis.setex(this.keys.jobData(id), DAY_SECONDS, JSON.stringify(job));
  }

  async completeJob(id: string, clips: unknown[]): Promise<void> {
    await this.updateJob(id, { status: "completed", progress: 100, clips });
    await this.redis.lrem(this.keys.processingJobs, 0, id);
  }

  /** Marks failed and requeues while attempts < 3 (the original's rule). */
  async failJob(id: string, error: string): Promise<void> {
    const data = await this.redis.get<string>(this.keys.jobData(id));
    if (!data) return;
    const job = JSON.parse(data) as NaiveJob;
    await this.updateJob(id, { status: "failed", error });
    await this.redis.lrem(this.keys.processingJobs, 0, id);
    if (job.attempts < 3) await this.redis.lpush(this.keys.jobQueue, id);
  }

  /** LRANGE processing, then GET each one: runs at the start of every worker call. */
  async cleanupStaleJobs(): Promise<void> {
    const ids = await this.redis.lrange<string>(this.keys.processingJobs, 0, -1);
    for (const id of ids) {
      const data = await this.redis.get<string>(this.keys.jobData(id));
      if (!data) {
        await this.redis.lrem(this.keys.processingJobs, 0, id);
        continue;
      }
      const job = JSON.parse(data) as NaiveJob;
      if (Date.now() - job.updatedAt > STALE_MS) await this.failJob(id, "Job timed out");
    }
  }
}
