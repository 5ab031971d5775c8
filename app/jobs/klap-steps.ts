// A Klap video-to-shorts job as short, resumable steps: submit → poll → clips → export → export-poll.
// Each invocation runs steps until one has to wait, then reschedules the job; nothing ever waits on
// the video. Every external id is saved on the job before the next step, so a crash never submits twice.
import {
  KlapApiError,
  type KlapClient,
  normalizeTaskStatus,
  type VideoToShortsInput,
} from "../klap/index.js";
import { type ClaimedJob, type JobQueue, LeaseLostError } from "../queue/index.js";
import type { KlapJobPayload, KlapJobResult, KlapJobState } from "./klap-job.js";

export type KlapStep = "submit" | "poll" | "clips" | "export" | "export-poll";

export interface StepDeps {
  queue: JobQueue<KlapJobPayload>;
  klap: KlapClient;
  /** Wait between polls of a running Klap task or export. */
  pollIntervalMs: number;
  /** Lease granted on each save, long enough for the next step's calls. */
  leaseMs: number;
  /** Epoch ms after which no new step starts: the job is handed back to run on the next tick. */
  deadline: number;
  now?: () => number;
}

export type StepOutcome =
  | { outcome: "completed"; step: KlapStep; result: KlapJobResult }
  | { outcome: "waiting"; step: KlapStep; delayMs: number }
  | { outcome: "retrying"; step: KlapStep; error: string; retryInMs: number }
  | { outcome: "dead"; step: KlapStep; error: string }
  | { outcome: "lease-lost"; step: KlapStep };

/** Runs one claimed job as far as it can go now. Never throws for Klap or lease errors. */
export async function runKlapSteps(
  job: ClaimedJob<KlapJobPayload>,
  deps: StepDeps,
): Promise<StepOutcome> {
  const { queue, klap } = deps;
  const now = deps.now ?? Date.now;
  const state: KlapJobState = { ...(job.state as KlapJobState) };
  let step = (job.step as KlapStep | undefined) ?? "submit";
  const wait = async (delayMs: number, progress?: number): Promise<StepOutcome> => {
    await queue.reschedule(job, delayMs, { state, step, progress });
    return { outcome: "waiting", step, delayMs };
  };
  const save = (progress: number) => queue.touch(job, deps.leaseMs, { state, step, progress });

  try {
    for (;;) {
      if (now() > deps.deadline) return await wait(0);
      switch (step) {
        case "submit": {
          const task = await klap.submitVideoToShorts(toKlapInput(job.payload));
          state.taskId = task.id;
          state.folderId = task.output_id ?? undefined;
          step = "poll";
          return await wait(deps.pollIntervalMs, 10);
        }
        case "poll": {
          const task = await klap.getTask(state.taskId!);
          const status = normalizeTaskStatus(task.status);
          if (status === "processing")
            return await wait(deps.pollIntervalMs, Math.min(60, job.progress + 5));
          if (status === "error")
            return await giveUp(
              job,
              deps,
              step,
              `Klap task ${task.id} ended with status '${task.status}'`,
            );
          state.folderId = task.output_id ?? state.folderId;
          if (!state.folderId)
            return await giveUp(
              job,
              deps,
              step,
              `Klap task ${task.id} is ready but names no output folder`,
            );
          step = "clips";
          break;
        }
        case "clips": {
          const clips = await klap.listClips(state.folderId!);
          if (clips.length === 0)
            return await giveUp(job, deps, step, `Klap produced no clips for task ${state.taskId}`);
          const best = [...clips].sort((a, b) => (b.virality_score ?? 0) - (a.virality_score ?? 0));
          state.clips = best.slice(0, job.payload.options?.exportTop ?? best.length).map((c) => ({
            id: c.id,
            name: c.name ?? null,
            viralityScore: c.virality_score ?? null,
            viralityScoreExplanation: c.virality_score_explanation ?? null,
          }));
          step = "export";
          await save(70);
          break;
        }
        case "export": {
          state.exports ??= {};
          for (const clip of state.clips ?? []) {
            if (state.exports[clip.id]) continue;
            const exp = await klap.createExport(state.folderId!, clip.id);
            state.exports[clip.id] = {
              exportId: exp.id,
              ...(exp.src_url ? { srcUrl: exp.src_url } : {}),
            };
            await save(75);
          }
          step = "export-poll";
          // Klap may hand back a finished export at once: then there is nothing to wait for.
          if (Object.values(state.exports).some((e) => !e.srcUrl))
            return await wait(deps.pollIntervalMs, 85);
          break;
        }
        case "export-poll": {
          const exports = state.exports ?? {};
          for (const [clipId, exp] of Object.entries(exports)) {
            if (exp.srcUrl) continue;
            const current = await klap.getExport(state.folderId!, clipId, exp.exportId);
            if (current.src_url) exp.srcUrl = current.src_url;
          }
          if (Object.values(exports).some((e) => !e.srcUrl))
            return await wait(deps.pollIntervalMs, 90);
          const result = toResult(state);
          await queue.complete(job, result);
          return { outcome: "completed", step, result };
        }
      }
    }
  } catch (error) {
    if (error instanceof LeaseLostError) return { outcome: "lease-lost", step };
    if (error instanceof KlapApiError) {
      return await recordFailure(job, deps, step, error.message, error.retryable);
    }
    throw error;
  }
}

/** Records a failed attempt: dead-lettered when not retryable or out of attempts, else retried. */
async function recordFailure(
  job: ClaimedJob<KlapJobPayload>,
  deps: StepDeps,
  step: KlapStep,
  message: string,
  retryable: boolean,
): Promise<StepOutcome> {
  try {
    const out = await deps.queue.fail(job, { message, retryable });
    if (out.status === "dead") return { outcome: "dead", step, error: message };
    return { outcome: "retrying", step, error: message, retryInMs: out.retryInMs ?? 0 };
  } catch (error) {
    if (error instanceof LeaseLostError) return { outcome: "lease-lost", step };
    throw error;
  }
}

const giveUp = (job: ClaimedJob<KlapJobPayload>, deps: StepDeps, step: KlapStep, message: string) =>
  recordFailure(job, deps, step, message, false);

function toKlapInput(payload: KlapJobPayload): VideoToShortsInput {
  const o = payload.options ?? {};
  const input: VideoToShortsInput = { source_video_url: payload.videoUrl };
  if (o.language !== undefined) input.language = o.language;
  if (o.targetClipCount !== undefined) input.target_clip_count = o.targetClipCount;
  if (o.maxClipCount !== undefined) input.max_clip_count = o.maxClipCount;
  if (o.minDuration !== undefined) input.min_duration = o.minDuration;
  if (o.maxDuration !== undefined) input.max_duration = o.maxDuration;
  if (o.targetDuration !== undefined) input.target_duration = o.targetDuration;
  if (o.editingOptions !== undefined) input.editing_options = o.editingOptions;
  if (o.dimensions !== undefined) input.dimensions = o.dimensions;
  return input;
}

function toResult(state: KlapJobState): KlapJobResult {
  return {
    taskId: state.taskId!,
    folderId: state.folderId!,
    clips: (state.clips ?? []).map((c) => ({
      ...c,
      exportUrl: state.exports?.[c.id]?.srcUrl ?? "",
    })),
  };
}
