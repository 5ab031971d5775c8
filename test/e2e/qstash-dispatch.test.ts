import { afterAll, describe, expect, test } from "vitest";
import { startTestSystem, type TestSystem } from "../support/local-system.js";

const systems: TestSystem[] = [];
afterAll(() => Promise.all(systems.map((s) => s.close())));
const finished = (j: { status: string }) => j.status === "completed" || j.status === "dead";

describe("push dispatch", () => {
  test("a job starts without any cron tick and completes on QStash pushes alone", async () => {
    const system = await startTestSystem();
    systems.push(system);
    const { id } = await system.enqueue({ videoUrl: "https://v.example/e2e-push.mp4" });
    // Submitted (and waiting to poll) well before any cron would have run.
    const started = await system.waitFor(id, (j) => (j as { step?: string }).step === "poll", {
      timeoutMs: 5_000,
    });
    expect(started.status).not.toBe("pending");
    const done = await system.waitFor(id, finished, { timeoutMs: 20_000 });
    expect(done.status).toBe("completed");
    const delivered = system.qstash!.messages().filter((m) => m.state === "delivered");
    expect(delivered.length).toBeGreaterThanOrEqual(3); // enqueue push + one per wait
    expect(system.klap!.stats().submits.bySourceUrl["https://v.example/e2e-push.mp4"]).toBe(1);
  });

  test("DISPATCH_MODE=qstash: the cron claims and hands jobs to the worker with their lease", async () => {
    const system = await startTestSystem({ env: { DISPATCH_MODE: "qstash" } });
    systems.push(system);
    // Enqueued straight into Redis (as a job whose push was lost would be), so only the cron can start it.
    const queue = system.queue;
    const { job } = await queue.enqueue({
      videoUrl: "https://v.example/e2e-fanout.mp4",
      projectId: "e2e",
    });
    const id = job.id;
    const tick = (await system.scheduler.tick()).body as {
      mode: string;
      dispatched: number;
      claimed: number;
    };
    expect(tick).toMatchObject({ mode: "qstash", claimed: 1, dispatched: 1 });
    const done = await system.waitFor(id, finished, { tick: true, timeoutMs: 20_000 });
    expect(done.status).toBe("completed");
    expect(system.klap!.stats().submits.bySourceUrl["https://v.example/e2e-fanout.mp4"]).toBe(1);
    // At least one step ran on a job the cron claimed and handed over with its lease.
    const handovers = system
      .qstash!.messages()
      .filter((m) => JSON.parse(m.body).lease !== undefined);
    expect(handovers.length).toBeGreaterThanOrEqual(1);
    expect(handovers.every((m) => m.state === "delivered")).toBe(true);
  });

  test("a QStash delivery with a forged signature is refused by the worker", async () => {
    const system = systems[0]!;
    const res = await fetch(`${system.url}/api/worker/klap`, {
      method: "POST",
      headers: {
        "upstash-signature": "eyJhbGciOiJIUzI1NiJ9.e30.forged",
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(res.status).toBe(401);
  });
});
