// Redis dies mid-run: acknowledged jobs survive (AOF), calls during the outage fail clearly.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { JobQueue, QueueUnavailableError } from "../../app/queue/index.js";
import { type RedisStack, startRedisStack } from "../support/redis.js";
import { type TestPayload, testPayload } from "../support/queue.js";

let stack: RedisStack;
beforeAll(async () => {
  stack = await startRedisStack({ appendOnly: true });
});
afterAll(() => stack.stop());

const makeQueue = () =>
  new JobQueue<TestPayload>({ redis: stack.client(), schema: testPayload, prefix: "durable" });

describe("a redis-server killed and restarted mid-run", () => {
  test("loses no acknowledged job, and outage calls fail with QueueUnavailableError", async () => {
    const queue = makeQueue();
    const acknowledged = new Set<string>();
    const failures: unknown[] = [];
    let n = 0;
    const producer = async (until: () => boolean) => {
      while (!until()) {
        try {
          const { job } = await queue.enqueue({ name: `j${n++}` });
          acknowledged.add(job.id);
        } catch (error) {
          failures.push(error);
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    };
    let stop = false;
    const running = Promise.all([producer(() => stop), producer(() => stop)]);
    while (acknowledged.size < 200) await new Promise((r) => setTimeout(r, 5));
    await stack.redis.kill(); // SIGKILL: no shutdown save, only the AOF survives
    while (failures.length < 5) await new Promise((r) => setTimeout(r, 5));
    await stack.redis.start();
    const sizeAtRestart = acknowledged.size;
    while (acknowledged.size < sizeAtRestart + 100) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await running;

    expect(failures.length).toBeGreaterThanOrEqual(5);
    for (const error of failures) {
      expect(error).toBeInstanceOf(QueueUnavailableError);
      expect((error as Error).message).toMatch(/Redis is unreachable|Redis is unavailable/);
    }
    // Every acknowledged job is there exactly once; the script cache was lost and reloaded on its own.
    const drained = new Set<string>();
    for (;;) {
      const { jobs } = await queue.claim(100, 60_000);
      if (jobs.length === 0) break;
      for (const job of jobs) {
        expect(drained.has(job.id)).toBe(false);
        drained.add(job.id);
      }
    }
    for (const id of acknowledged) expect(drained.has(id)).toBe(true);
    // A write that landed just before the kill may have lost its reply: at most one extra per failure.
    expect(drained.size).toBeLessThanOrEqual(acknowledged.size + failures.length);
  });
});

describe("REST round trips", () => {
  test("one request each for enqueue, claim and complete, and one for an idle claim", async () => {
    const queue = makeQueue();
    const warm = await queue.enqueue({ name: "warm" });
    await queue.complete((await queue.claim(1, 1000)).jobs[0]!, null);
    expect(warm.created).toBe(true);
    const count = () =>
      stack.rest.requests.command + stack.rest.requests.pipeline + stack.rest.requests.multiExec;

    let before = count();
    await queue.claim(10, 1000);
    expect(count() - before).toBe(1);

    before = count();
    await queue.enqueue({ name: "one" });
    const [job] = (await queue.claim(1, 1000)).jobs;
    await queue.complete(job!, { ok: true });
    expect(count() - before).toBe(3);
  });
});
