// End to end over real HTTP, cron-only (no QStash): the built bundle, served as Vercel would, walks a
// job through submit → poll → export on the Klap simulator as cron ticks arrive.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestSystem, type TestSystem } from "../support/local-system.js";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ qstash: false });
});
afterAll(() => system.close());

const finished = (j: { status: string }) => j.status === "completed" || j.status === "dead";

describe("cron-only dispatch", () => {
  test("a job completes with clips after a few ticks, and nothing happens without ticks", async () => {
    const { status, id } = await system.enqueue({ videoUrl: "https://v.example/e2e-cron.mp4" });
    expect(status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect((await system.job(id)).status).toBe("pending"); // no push: only the cron starts jobs
    const done = await system.waitFor(id, finished, { tick: true });
    expect(done).toMatchObject({ status: "completed", progress: 100 });
    const clips = (done.result as { clips: { exportUrl: string }[] }).clips;
    expect(clips.length).toBeGreaterThan(0);
    for (const clip of clips) expect(clip.exportUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(system.klap!.stats().submits.bySourceUrl["https://v.example/e2e-cron.mp4"]).toBe(1);
  });

  test("the cron route answers 401 to a caller without CRON_SECRET", async () => {
    const res = await fetch(`${system.url}/api/cron/klap`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ field: "authorization" });
  });

  test("the shipped bundle rejects bad input with 4xx and keeps the queue unchanged", async () => {
    const stats = async () =>
      (
        await fetch(`${system.url}/api/queue/stats`, {
          headers: { authorization: `Bearer ${system.secrets.QUEUE_API_TOKEN}` },
        })
      ).json();
    const before = await stats();
    const post = (body: string, token = system.secrets.QUEUE_API_TOKEN) =>
      fetch(`${system.url}/api/jobs`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body,
      });
    expect((await post("{}", "nope")).status).toBe(401);
    expect((await post("{broken")).status).toBe(400);
    expect((await post(JSON.stringify({ videoUrl: 42, projectId: "p" }))).status).toBe(400);
    expect(
      (await post(JSON.stringify({ videoUrl: "https://x/y.mp4", projectId: "p".repeat(200_000) })))
        .status,
    ).toBe(413);
    expect(await stats()).toEqual(before);
  });
});
