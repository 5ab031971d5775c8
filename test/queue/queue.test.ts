// The queue core against a real redis-server, through the Upstash-compatible endpoint.
import { describe, expect, test } from "vitest";
import {
  JobNotFoundError,
  JobStateError,
  LeaseLostError,
  QueueValidationError,
} from "../../app/queue/index.js";
import { TestClock, testQueue } from "../support/queue.js";

describe("enqueue", () => {
  test("stores a pending job with an unguessable id", async () => {
    const { queue } = testQueue();
    const { job, created } = await queue.enqueue({ name: "a" });
    expect(created).toBe(true);
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(job).toMatchObject({
      status: "pending",
      priority: "normal",
      attempts: 0,
      payload: { name: "a" },
    });
    expect(await queue.get(job.id)).toEqual(job);
  });

  test("the same idempotency key returns the same job and adds nothing", async () => {
    const { queue } = testQueue();
    const first = await queue.enqueue({ name: "a" }, { idempotencyKey: "video-1" });
    const again = await queue.enqueue({ name: "different" }, { idempotencyKey: "video-1" });
    expect(again.created).toBe(false);
    expect(again.job.id).toBe(first.job.id);
    expect(again.job.payload).toEqual({ name: "a" });
    expect((await queue.stats()).pending.total).toBe(1);
  });

  test("invalid payloads and options are rejected, naming the field, and change nothing", async () => {
    const { queue, redis } = testQueue();
    await expect(queue.enqueue({ name: 42 })).rejects.toMatchObject({
      name: "QueueValidationError",
      field: "payload.name",
    });
    await expect(queue.enqueue({})).rejects.toThrow(QueueValidationError);
    await expect(
      queue.enqueue({ name: "a" }, { priority: "urgent" as never }),
    ).rejects.toMatchObject({
      field: "priority",
    });
    await expect(queue.enqueue({ name: "a" }, { idempotencyKey: "" })).rejects.toMatchObject({
      field: "idempotencyKey",
    });
    expect(await redis.keys(`${queue.keys.prefix}:*`)).toEqual([]);
  });
});

describe("claim", () => {
  test("returns nothing when the queue is empty", async () => {
    const { queue } = testQueue();
    expect(await queue.claim(5, 60_000)).toEqual({ jobs: [], requeued: 0, deadLettered: 0 });
  });

  test("takes high before normal before low, FIFO within a priority", async () => {
    const { queue } = testQueue();
    const order: [string, "high" | "normal" | "low"][] = [
      ["n1", "normal"], ["l1", "low"], ["h1", "high"], ["n2", "normal"], ["h2", "high"], ["l2", "low"],
    ]; // biome-ignore format: a table
    for (const [name, priority] of order) await queue.enqueue({ name }, { priority });
    const first = await queue.claim(3, 60_000);
    expect(first.jobs.map((j) => j.payload.name)).toEqual(["h1", "h2", "n1"]);
    const rest = await queue.claim(10, 60_000);
    expect(rest.jobs.map((j) => j.payload.name)).toEqual(["n2", "l1", "l2"]);
    expect(rest.jobs.every((j) => j.status === "active" && j.lease === 1)).toBe(true);
  });

  test("20 concurrent claimers over 1,000 jobs never get the same job", async () => {
    const { queue, clock } = testQueue();
    for (let i = 0; i < 1000; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => queue.enqueue({ name: `j${i + j}` })),
      );
    }
    // Separate clients, as separate function instances would have.
    const claimers = Array.from(
      { length: 20 },
      () => testQueue({ prefix: queue.keys.prefix, now: clock.now }).queue,
    );
    const seen: string[] = [];
    await Promise.all(
      claimers.map(async (claimer) => {
        for (;;) {
          const { jobs } = await claimer.claim(7, 60_000);
          if (jobs.length === 0) return;
          seen.push(...jobs.map((j) => j.id));
        }
      }),
    );
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    expect((await queue.stats()).active).toBe(1000);
  });
});

describe("leases", () => {
  test("a crashed claimer's job comes back after its lease, counted as an attempt", async () => {
    const { queue, clock } = testQueue();
    const { job } = await queue.enqueue({ name: "a" });
    const [crashed] = (await queue.claim(1, 30_000)).jobs;
    clock.advance(29_999);
    expect((await queue.claim(1, 30_000)).jobs).toEqual([]);
    clock.advance(2);
    const retake = await queue.claim(1, 30_000);
    expect(retake.requeued).toBe(1);
    expect(retake.jobs[0]).toMatchObject({ id: job.id, attempts: 1, lease: 2 });
    expect(retake.jobs[0]!.error).toMatch(/lease expired/);
    // The first worker wakes up late: its lease is gone and it changes nothing.
    await expect(queue.complete(crashed!, { late: true })).rejects.toThrow(LeaseLostError);
    await queue.complete(retake.jobs[0]!, { ok: true });
    expect(await queue.get(job.id)).toMatchObject({ status: "completed", result: { ok: true } });
  });

  test("touch extends the lease and saves step state", async () => {
    const { queue, clock } = testQueue();
    await queue.enqueue({ name: "a" });
    const [job] = (await queue.claim(1, 10_000)).jobs;
    clock.advance(9_000);
    const until = await queue.touch(job!, 10_000, {
      state: { taskId: "t1" },
      progress: 40,
      step: "poll",
    });
    expect(until).toBe(clock.ms + 10_000);
    clock.advance(9_000);
    expect((await queue.claim(1, 10_000)).requeued).toBe(0);
    expect(await queue.get(job!.id)).toMatchObject({
      state: { taskId: "t1" },
      progress: 40,
      step: "poll",
    });
  });

  test("reap dead-letters a job whose last attempt's lease expired", async () => {
    const { queue, clock } = testQueue({ maxAttempts: 1 });
    const { job } = await queue.enqueue({ name: "a" });
    await queue.claim(1, 1_000);
    clock.advance(1_001);
    expect(await queue.reap()).toEqual({ requeued: 0, deadLettered: 1 });
    expect(await queue.get(job.id)).toMatchObject({ status: "dead", attempts: 1 });
  });
});

describe("fail", () => {
  test("retries after an exponential backoff with jitter", async () => {
    const { queue, clock } = testQueue({ backoff: { baseMs: 1_000, maxMs: 60_000 } });
    const { job } = await queue.enqueue({ name: "a" });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [claimed] = (await queue.claim(1, 60_000)).jobs;
      const out = await queue.fail(claimed!, { message: `boom ${attempt}` });
      expect(out.status).toBe("delayed");
      delays.push(out.retryInMs!);
      const stored = await queue.get(job.id);
      expect(stored).toMatchObject({
        status: "delayed",
        attempts: attempt,
        error: `boom ${attempt}`,
      });
      expect(stored!.runAt).toBe(clock.ms + out.retryInMs!);
      // Not claimable before it is due, claimable once it is.
      clock.advance(out.retryInMs! - 1);
      expect((await queue.claim(1, 60_000)).jobs).toEqual([]);
      clock.advance(1);
    }
    const nominal = [1_000, 2_000, 4_000];
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(nominal[i]! / 2);
      expect(d).toBeLessThanOrEqual(nominal[i]!);
    });
  });

  test("dead-letters after maxAttempts; retryDead brings it back with fresh attempts", async () => {
    const { queue } = testQueue({ maxAttempts: 2, backoff: { baseMs: 0, maxMs: 0 } });
    const { job } = await queue.enqueue({ name: "a" });
    await queue.fail((await queue.claim(1, 60_000)).jobs[0]!, { message: "one" });
    const last = await queue.fail((await queue.claim(1, 60_000)).jobs[0]!, { message: "two" });
    expect(last).toEqual({ status: "dead", attempts: 2 });
    expect(await queue.stats()).toMatchObject({ dead: 1, delayed: 0, active: 0 });
    expect((await queue.list("dead")).jobs.map((j) => j.id)).toEqual([job.id]);
    await queue.retryDead(job.id);
    expect(await queue.get(job.id)).toMatchObject({ status: "pending", attempts: 0 });
    await expect(queue.retryDead(job.id)).rejects.toThrow(JobStateError);
    expect((await queue.claim(1, 60_000)).jobs[0]?.id).toBe(job.id);
  });

  test("a non-retryable error dead-letters at once", async () => {
    const { queue } = testQueue();
    await queue.enqueue({ name: "a" });
    const out = await queue.fail((await queue.claim(1, 60_000)).jobs[0]!, {
      message: "400",
      retryable: false,
    });
    expect(out).toEqual({ status: "dead", attempts: 1 });
  });

  test("retryAllDead requeues every dead job", async () => {
    const { queue } = testQueue({ maxAttempts: 1 });
    for (const name of ["a", "b", "c"]) await queue.enqueue({ name });
    for (const job of (await queue.claim(3, 60_000)).jobs) await queue.fail(job, { message: "x" });
    expect(await queue.retryAllDead()).toBe(3);
    expect(await queue.stats()).toMatchObject({ dead: 0, pending: { total: 3 } });
  });
});

describe("reschedule", () => {
  test("waits without spending an attempt and keeps the step state", async () => {
    const { queue, clock } = testQueue();
    const { job } = await queue.enqueue({ name: "a" });
    const [claimed] = (await queue.claim(1, 60_000)).jobs;
    await queue.reschedule(claimed!, 30_000, {
      state: { taskId: "k1" },
      step: "poll",
      progress: 20,
    });
    expect(await queue.get(job.id)).toMatchObject({ status: "delayed", attempts: 0, step: "poll" });
    clock.advance(30_000);
    const [again] = (await queue.claim(1, 60_000)).jobs;
    expect(again).toMatchObject({
      id: job.id,
      attempts: 0,
      lease: 2,
      state: { taskId: "k1" },
      progress: 20,
    });
  });
});

describe("terminal records", () => {
  test("completed, dead and cancelled records and their idempotency keys expire after the TTL", async () => {
    const { queue, redis } = testQueue({ ttlMs: 3_600_000, maxAttempts: 1 });
    const a = await queue.enqueue({ name: "a" }, { idempotencyKey: "ka" });
    const b = await queue.enqueue({ name: "b" });
    const c = await queue.enqueue({ name: "c" });
    const [ja, jb] = (await queue.claim(2, 60_000)).jobs;
    await queue.complete(ja!, { clips: [] });
    await queue.fail(jb!, { message: "x" });
    await queue.cancel(c.job.id);
    for (const id of [a.job.id, b.job.id, c.job.id]) {
      const ttl = await redis.pttl(queue.keys.job(id));
      expect(ttl).toBeGreaterThan(3_590_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
    }
    expect(await redis.pttl(queue.keys.idempotency("ka"))).toBeGreaterThan(3_590_000);
  });

  test("pending and active records never expire", async () => {
    const { queue, redis } = testQueue();
    const { job } = await queue.enqueue({ name: "a" });
    expect(await redis.pttl(queue.keys.job(job.id))).toBe(-1);
    await queue.claim(1, 1_000);
    expect(await redis.pttl(queue.keys.job(job.id))).toBe(-1);
  });
});

describe("cancel and remove", () => {
  test("cancelling a pending job takes it out of the queue", async () => {
    const { queue } = testQueue();
    const { job } = await queue.enqueue({ name: "a" });
    expect((await queue.cancel(job.id)).status).toBe("cancelled");
    expect((await queue.claim(1, 60_000)).jobs).toEqual([]);
    await expect(queue.cancel(job.id)).rejects.toThrow(JobStateError);
    await expect(queue.cancel("nope")).rejects.toThrow(JobNotFoundError);
  });

  test("cancelling an active job revokes its worker's lease", async () => {
    const { queue } = testQueue();
    const { job } = await queue.enqueue({ name: "a" });
    const [claimed] = (await queue.claim(1, 60_000)).jobs;
    await queue.cancel(job.id);
    await expect(queue.reschedule(claimed!, 1_000)).rejects.toThrow(LeaseLostError);
    expect((await queue.stats()).active).toBe(0);
  });

  test("remove deletes finished jobs only", async () => {
    const { queue } = testQueue();
    const { job } = await queue.enqueue({ name: "a" });
    await expect(queue.remove(job.id)).rejects.toThrow(JobStateError);
    await queue.complete((await queue.claim(1, 60_000)).jobs[0]!, 1);
    await queue.remove(job.id);
    expect(await queue.get(job.id)).toBeNull();
    expect((await queue.stats()).completed).toBe(0);
  });
});

describe("stats, list and throughput", () => {
  test("count every state and the oldest pending age", async () => {
    const clock = new TestClock();
    const { queue } = testQueue({ now: clock.now, maxAttempts: 1 });
    await queue.enqueue({ name: "old" }, { priority: "low" });
    clock.advance(5_000);
    for (const name of ["a", "b", "c", "d"]) await queue.enqueue({ name }, { priority: "high" });
    await queue.enqueue({ name: "later" }, { delayMs: 60_000 });
    const [a, b, c] = (await queue.claim(3, 60_000)).jobs;
    await queue.complete(a!, null);
    await queue.fail(b!, { message: "x" });
    clock.advance(1_000);
    expect(await queue.stats()).toEqual({
      pending: { high: 1, normal: 0, low: 1, total: 2 },
      active: 1,
      delayed: 1,
      dead: 1,
      completed: 1,
      cancelled: 0,
      oldestPendingAgeMs: 6_000,
    });
    expect(c).toBeDefined();
    const page = await queue.list("pending", 1, 5);
    expect(page.total).toBe(2);
    expect(page.jobs.map((j) => j.payload.name)).toEqual(["old"]);
    const series = await queue.throughput();
    expect(series).toHaveLength(60);
    expect(series.reduce((s, m) => s + m.completed, 0)).toBe(1);
    expect(series.reduce((s, m) => s + m.dead, 0)).toBe(1);
  });
});

describe("claimJob and adopt", () => {
  test("claimJob takes the named pending job only", async () => {
    const { queue } = testQueue();
    const a = await queue.enqueue({ name: "a" });
    const b = await queue.enqueue({ name: "b" });
    const claimed = await queue.claimJob(b.job.id, 60_000);
    expect(claimed).toMatchObject({ id: b.job.id, status: "active", lease: 1 });
    expect(await queue.claimJob(b.job.id, 60_000)).toBeNull();
    expect(await queue.claimJob("unknown", 60_000)).toBeNull();
    expect((await queue.claim(5, 60_000)).jobs.map((j) => j.id)).toEqual([a.job.id]);
  });

  test("claimJob takes a delayed job once it is due, not before", async () => {
    const { queue, clock } = testQueue();
    const { job } = await queue.enqueue({ name: "a" });
    await queue.reschedule((await queue.claim(1, 60_000)).jobs[0]!, 5_000);
    expect(await queue.claimJob(job.id, 60_000)).toBeNull();
    clock.advance(5_000);
    expect(await queue.claimJob(job.id, 60_000)).toMatchObject({
      id: job.id,
      status: "active",
      lease: 2,
    });
    expect((await queue.stats()).delayed).toBe(0);
  });

  test("adopt returns a handed-over job only while its lease holds", async () => {
    const { queue, clock } = testQueue();
    const { job } = await queue.enqueue({ name: "a" });
    const [claimed] = (await queue.claim(1, 1_000)).jobs;
    expect(await queue.adopt(job.id, claimed!.lease)).toMatchObject({ id: job.id, lease: 1 });
    expect(await queue.adopt(job.id, 2)).toBeNull();
    clock.advance(1_001);
    await queue.reap();
    expect(await queue.adopt(job.id, claimed!.lease)).toBeNull();
  });
});
