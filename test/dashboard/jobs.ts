// Puts jobs into each state straight through the queue, for the dashboard API tests.
import type { KlapJobPayload, KlapJobResult } from "../../app/jobs/klap-job.js";
import type { Priority } from "../../app/queue/index.js";
import type { TestApp } from "../support/app.js";

export const payload = (n: number, extra: Partial<KlapJobPayload> = {}): KlapJobPayload => ({
  videoUrl: `https://cdn.example.com/video-${n}.mp4`,
  projectId: `proj_${n}`,
  ...extra,
});

export const clipResult: KlapJobResult = {
  taskId: "task_abc",
  folderId: "folder_abc",
  clips: [
    {
      id: "clip_1",
      name: "The best bit",
      viralityScore: 91,
      viralityScoreExplanation: null,
      exportUrl: "https://cdn.klap.app/clip_1.mp4",
    },
  ],
};

export function jobMaker(t: TestApp) {
  const q = t.ctx.queue;
  let n = 0;
  const pending = async (extra: Partial<KlapJobPayload> = {}, priority: Priority = "normal") =>
    (await q.enqueue(payload(++n, extra), { priority })).job.id;
  const active = async () => {
    const id = await pending();
    const job = await q.claimJob(id, 60_000);
    if (!job) throw new Error(`could not claim ${id}`);
    return job;
  };
  return {
    pending,
    active: async () => (await active()).id,
    dead: async (message = "Klap answered HTTP 422: video too short") => {
      const job = await active();
      await q.fail(job, { message, retryable: false });
      return job.id;
    },
    completed: async (result: KlapJobResult = clipResult) => {
      const job = await active();
      await q.complete(job, result);
      return job.id;
    },
  };
}
