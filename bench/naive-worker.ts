// The baseline's worker, as the original project ran it (ImperatorDravidor/inflio at 8dc816a,
// src/app/api/worker/klap/route.ts) with the guide's "Parallel Workers" change: each cron tick cleans
// up stale jobs, calls getNextJob three times at once, and runs every job it got to the end inside
// the same invocation, sleeping between Klap polls. Supabase calls are left out (they are not Redis).
import type { KlapClient } from "../app/klap/index.js";
import type { NaiveJob, NaiveKlapQueue } from "./naive-queue.js";

export interface NaiveWorkerOptions {
  klap: KlapClient;
  /** The original slept 5 s between polls; benchmarks shorten it (the command count is the same). */
  pollIntervalMs: number;
  /** Called at each phase boundary, so a benchmark can attribute the commands between two calls. */
  onPhase?: (phase: "claim" | "submit" | "poll" | "clips" | "complete") => void;
}

/** One cron tick of the guide's pattern. Returns the jobs it ran. */
export async function naiveTick(queue: NaiveKlapQueue, o: NaiveWorkerOptions): Promise<number> {
  await queue.cleanupStaleJobs();
  const jobs = (
    await Promise.all([queue.getNextJob(), queue.getNextJob(), queue.getNextJob()])
  ).filter((job): job is NaiveJob => job !== null);
  o.onPhase?.("claim");
  await Promise.all(
    jobs.map(async (job) => {
      try {
        await processKlapJob(queue, job, o);
      } catch (error) {
        await queue.failJob(job.id, error instanceof Error ? error.message : "Unknown error");
      }
    }),
  );
  return jobs.length;
}

/** The enqueue route: refuse a project that already has a live job, else create one. */
export async function naiveEnqueue(queue: NaiveKlapQueue, projectId: string, videoUrl: string) {
  const existing = await queue.getJobByProjectId(projectId);
  if (existing && (existing.status === "queued" || existing.status === "processing")) {
    return existing;
  }
  return queue.createJob(projectId, videoUrl);
}

async function processKlapJob(queue: NaiveKlapQueue, job: NaiveJob, o: NaiveWorkerOptions) {
  const { klap } = o;
  await queue.updateJob(job.id, { progress: 10 });
  const task = await klap.submitVideoToShorts({ source_video_url: job.videoUrl });
  await queue.updateJob(job.id, { taskId: task.id, progress: 20 });
  o.onPhase?.("submit");
  const maxPolls = 60;
  for (let attempt = 0; attempt < maxPolls; attempt++) {
    const status = await klap.getTask(task.id);
    if (status.status === "failed" || status.status === "error") {
      throw new Error("Klap processing failed");
    }
    if (status.status === "ready" && status.output_id) {
      await queue.updateJob(job.id, { folderId: status.output_id, progress: 50 });
      const clips = await processClips(queue, job.id, status.output_id, o);
      o.onPhase?.("clips");
      await queue.completeJob(job.id, clips);
      o.onPhase?.("complete");
      return;
    }
    await queue.updateJob(job.id, {
      progress: Math.min(20 + Math.floor((attempt / maxPolls) * 30), 50),
    });
    o.onPhase?.("poll");
    await sleep(o.pollIntervalMs);
  }
  throw new Error("Klap processing timed out");
}

async function processClips(
  queue: NaiveKlapQueue,
  jobId: string,
  folderId: string,
  o: NaiveWorkerOptions,
) {
  const clips = await o.klap.listClips(folderId);
  if (clips.length === 0) throw new Error("No clips generated");
  const out: { id: string; exportUrl: string }[] = [];
  for (const [i, clip] of clips.entries()) {
    await queue.updateJob(jobId, { progress: 50 + Math.floor((i / clips.length) * 40) });
    let exp = await o.klap.createExport(folderId, clip.id);
    while (!exp.src_url) {
      await sleep(o.pollIntervalMs);
      exp = await o.klap.getExport(folderId, clip.id, exp.id);
    }
    out.push({ id: clip.id, exportUrl: exp.src_url });
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
