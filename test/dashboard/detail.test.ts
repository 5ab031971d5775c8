// GET /api/dashboard/jobs/:id: a job in full, with its payload redacted.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestApp, TEST_SECRETS, type TestApp } from "../support/app.js";
import { clipResult, jobMaker } from "./jobs.js";

const token = TEST_SECRETS.QUEUE_API_TOKEN;
let t: TestApp;
let jobs: ReturnType<typeof jobMaker>;
beforeAll(async () => {
  t = await startTestApp();
  jobs = jobMaker(t);
});
afterAll(() => t.close());

const detail = async (id: string) => {
  const res = await t.call("GET", `/api/dashboard/jobs/${id}`, { token });
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return res.json();
};

describe("GET /api/dashboard/jobs/:id", () => {
  test("redacts secret-looking keys and the query of callback and video URLs", async () => {
    const id = await jobs.pending({
      videoUrl: "https://user:pw@cdn.example.com/talk.mp4?X-Amz-Signature=abc123#t=5",
      callbackUrl: "https://hooks.example.com/klap/done?token=s3cr3t",
      options: { editingOptions: { captions: true, brandApiKey: "brand-key-1", accessToken: "t" } },
    });
    const job = await detail(id);
    expect(job.payload).toEqual({
      videoUrl: "https://cdn.example.com/talk.mp4",
      callbackUrl: "https://hooks.example.com/klap/done",
      projectId: "proj_1",
      options: {
        editingOptions: { captions: true, brandApiKey: "[redacted]", accessToken: "[redacted]" },
      },
    });
    expect(JSON.stringify(job)).not.toMatch(/abc123|s3cr3t|brand-key-1|pw@/);
  });

  test("shows attempts, step, Klap task id and clips of a completed job", async () => {
    const job = await detail(await jobs.completed());
    expect(job).toMatchObject({
      status: "completed",
      attempts: 0,
      runs: 1,
      klapTaskId: "task_abc",
      clips: [
        {
          id: "clip_1",
          name: "The best bit",
          viralityScore: 91,
          exportUrl: "https://cdn.klap.app/clip_1.mp4",
        },
      ],
      result: clipResult,
      finishedAt: expect.any(Number),
    });
  });

  test("shows the whole last error of a dead job", async () => {
    const message = `Klap task failed: ${"x".repeat(400)}`;
    const job = await detail(await jobs.dead(message));
    expect(job).toMatchObject({ status: "dead", error: message, step: null });
  });

  test("400 for a malformed id, 404 for an unknown one", async () => {
    const bad = await t.call("GET", "/api/dashboard/jobs/klap:job:1", { token });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "id" });
    const unknown = await t.call(
      "GET",
      "/api/dashboard/jobs/00000000-0000-4000-8000-000000000000",
      {
        token,
      },
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ field: "id" });
  });
});
