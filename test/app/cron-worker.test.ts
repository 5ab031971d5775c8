// The cron and worker routes drive Klap jobs through their steps against the Klap simulator.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SIGNATURE_HEADER, signCallback, TIMESTAMP_HEADER } from "../../app/jobs/callback.js";
import { signQStashRequest } from "../../app/local/qstash-simulator/index.js";
import { BASE_URL, startTestApp, TEST_SECRETS, type TestApp, tickUntil } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const enqueue = async (body: Record<string, unknown>) => {
  const res = await t.call("POST", "/api/jobs", {
    token: TEST_SECRETS.QUEUE_API_TOKEN,
    body: { projectId: "p1", ...body },
  });
  expect(res.status).toBe(202);
  return (await res.json()).id as string;
};
const status = async (id: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: the status route's JSON, read field by field
  (await (await t.call("GET", `/api/jobs/${id}`)).json()) as Record<string, any>;
const isFinal = (id: string) => async () =>
  ["completed", "dead"].includes((await status(id)).status);

describe("GET /api/cron/klap", () => {
  test("401 without the cron secret, and no job is touched", async () => {
    const id = await enqueue({ videoUrl: "https://v.example/untouched.mp4" });
    expect((await t.call("GET", "/api/cron/klap")).status).toBe(401);
    expect(
      (await t.call("GET", "/api/cron/klap", { token: "wrong-wrong-wrong-wrong" })).status,
    ).toBe(401);
    expect((await status(id)).status).toBe("pending");
    await t.ctx.queue.cancel(id);
  });

  test("walks a job through submit, poll and export to completed with clips", async () => {
    const id = await enqueue({
      videoUrl: "https://v.example/keynote.mp4",
      options: { exportTop: 2 },
    });
    const first = await (
      await t.call("GET", "/api/cron/klap", { token: TEST_SECRETS.CRON_SECRET })
    ).json();
    expect(first).toMatchObject({ mode: "inline", claimed: 1 });
    expect(first.runs[0]).toMatchObject({ jobId: id, step: "submit", outcome: "waiting" });
    expect(await status(id)).toMatchObject({ status: "delayed", step: "poll", progress: 10 });
    await tickUntil(t, isFinal(id));
    const done = await status(id);
    expect(done).toMatchObject({ status: "completed", progress: 100, attempts: 0 });
    expect(done.result.clips).toHaveLength(2);
    for (const clip of done.result.clips) {
      expect(clip).toMatchObject({
        id: expect.any(String),
        viralityScore: expect.any(Number),
        exportUrl: expect.stringMatching(/^http/),
      });
    }
    expect(done.result.clips[0].viralityScore).toBeGreaterThanOrEqual(
      done.result.clips[1].viralityScore,
    );
    expect(t.klap.stats().submits.bySourceUrl["https://v.example/keynote.mp4"]).toBe(1);
  });

  test("runs high priority jobs first", async () => {
    const low = await enqueue({ videoUrl: "https://v.example/low.mp4", priority: "low" });
    const high = await enqueue({ videoUrl: "https://v.example/high.mp4", priority: "high" });
    const tick = await (
      await t.call("GET", "/api/cron/klap", { token: TEST_SECRETS.CRON_SECRET })
    ).json();
    expect(tick.runs.map((r: { jobId: string }) => r.jobId).slice(0, 2)).toEqual([high, low]);
    await tickUntil(t, async () => (await isFinal(low)()) && (await isFinal(high)()));
  });

  test("retries a Klap 5xx with backoff, then completes", async () => {
    const id = await enqueue({ videoUrl: "https://v.example/flaky.mp4" });
    t.klap.failNext(1, 503);
    const tick = await (
      await t.call("GET", "/api/cron/klap", { token: TEST_SECRETS.CRON_SECRET })
    ).json();
    expect(tick.runs[0]).toMatchObject({ jobId: id, outcome: "retrying" });
    expect(await status(id)).toMatchObject({
      status: "delayed",
      attempts: 1,
      error: expect.stringContaining("503"),
    });
    await tickUntil(t, isFinal(id));
    expect(await status(id)).toMatchObject({ status: "completed", attempts: 1 });
  });

  test("dead-letters a Klap 4xx at once, and a task that ends in error", async () => {
    const rejected = await enqueue({ videoUrl: "https://v.example/rejected.mp4" });
    t.klap.failNext(1, 422);
    await t.call("GET", "/api/cron/klap", { token: TEST_SECRETS.CRON_SECRET });
    expect(await status(rejected)).toMatchObject({
      status: "dead",
      attempts: 1,
      error: expect.stringContaining("422"),
    });
    const broken = await enqueue({ videoUrl: "https://v.example/fail-this.mp4" });
    await tickUntil(t, isFinal(broken));
    expect(await status(broken)).toMatchObject({
      status: "dead",
      error: expect.stringMatching(/ended with status/),
    });
  });

  test("a worker killed mid-step resumes from its saved state without a second Klap submission", async () => {
    const url = "https://v.example/resume.mp4";
    const id = await enqueue({ videoUrl: url });
    await t.call("GET", "/api/cron/klap", { token: TEST_SECRETS.CRON_SECRET }); // submit step, saved
    await new Promise((r) => setTimeout(r, 1_100));
    // A worker claims the poll step and dies: its lease is never released.
    const { jobs } = await t.ctx.queue.claim(1, 300);
    expect(jobs[0]).toMatchObject({ id, step: "poll" });
    await new Promise((r) => setTimeout(r, 400));
    await tickUntil(t, isFinal(id));
    expect(await status(id)).toMatchObject({ status: "completed", attempts: 1 });
    expect(t.klap.stats().submits.bySourceUrl[url]).toBe(1);
  });

  test("goes straight from the poll to completed when Klap's exports are ready at once", async () => {
    const quick = await startTestApp({}, { processingMs: 0, exportMs: 0 });
    try {
      const res = await quick.call("POST", "/api/jobs", {
        token: TEST_SECRETS.QUEUE_API_TOKEN,
        body: { projectId: "p1", videoUrl: "https://v.example/instant.mp4" },
      });
      const { id } = await res.json();
      const tick = () =>
        quick
          .call("GET", "/api/cron/klap", { token: TEST_SECRETS.CRON_SECRET })
          .then((r) => r.json());
      expect((await tick()).runs[0]).toMatchObject({
        jobId: id,
        step: "submit",
        outcome: "waiting",
      });
      await new Promise((r) => setTimeout(r, 1_050)); // the poll interval
      expect((await tick()).runs[0]).toMatchObject({
        jobId: id,
        step: "poll",
        outcome: "completed",
      });
    } finally {
      await quick.close();
    }
  });

  test("posts the final state to the callback URL, signed", async () => {
    const received: { headers: Record<string, unknown>; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(received.length === 1 ? 500 : 204).end(); // the first delivery fails: retried
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const id = await enqueue({
        videoUrl: "https://v.example/cb.mp4",
        callbackUrl: `http://127.0.0.1:${port}/hook`,
      });
      await tickUntil(t, isFinal(id));
      expect(received).toHaveLength(2);
      const { headers, body } = received[1]!;
      const expected = signCallback(
        TEST_SECRETS.WORKER_SECRET,
        String(headers[TIMESTAMP_HEADER]),
        body,
      );
      expect(headers[SIGNATURE_HEADER]).toBe(expected);
      expect(JSON.parse(body)).toMatchObject({
        event: "job.completed",
        job: { id, projectId: "p1", status: "completed" },
      });
    } finally {
      server.close();
    }
  });
});

describe("POST /api/worker/klap", () => {
  const sign = (
    body: string,
    opts: { key?: string; url?: string; expiresInSeconds?: number; now?: Date } = {},
  ) =>
    signQStashRequest({
      signingKey: opts.key ?? TEST_SECRETS.QSTASH_CURRENT_SIGNING_KEY,
      url: opts.url ?? `${BASE_URL}/api/worker/klap`,
      body,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.expiresInSeconds ? { expiresInSeconds: opts.expiresInSeconds } : {}),
    });
  const post = (body: string, headers: Record<string, string>) =>
    t.call("POST", "/api/worker/klap", { body, headers });

  test("a QStash-signed message for a pending job runs it", async () => {
    const id = await enqueue({ videoUrl: "https://v.example/push.mp4" });
    const body = JSON.stringify({ jobId: id });
    const res = await post(body, { "upstash-signature": await sign(body) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      processed: 1,
      runs: [{ jobId: id, step: "submit", outcome: "waiting" }],
    });
    // Delivered again (QStash retries): the job is no longer pending, nothing happens.
    const again = await post(body, { "upstash-signature": await sign(body) });
    expect(await again.json()).toMatchObject({ processed: 0 });
    expect(t.klap.stats().submits.bySourceUrl["https://v.example/push.mp4"]).toBe(1);
  });

  test("the next signing key and the worker secret are accepted too", async () => {
    const id = await enqueue({ videoUrl: "https://v.example/next-key.mp4" });
    const body = JSON.stringify({ jobId: id });
    const res = await post(body, {
      "upstash-signature": await sign(body, { key: TEST_SECRETS.QSTASH_NEXT_SIGNING_KEY }),
    });
    expect((await res.json()).processed).toBe(1);
    const bearer = await t.call("POST", "/api/worker/klap", {
      token: TEST_SECRETS.WORKER_SECRET,
      body: "",
    });
    expect(bearer.status).toBe(200);
  });

  test("401 for forged, expired, wrong-URL and body-tampered signatures, and the job stays pending", async () => {
    const id = await enqueue({ videoUrl: "https://v.example/forged.mp4" });
    const body = JSON.stringify({ jobId: id });
    const cases = [
      await sign(body, { key: "not-the-signing-key-at-all" }),
      await sign(body, { now: new Date(Date.now() - 3_600_000), expiresInSeconds: 60 }),
      await sign(body, { url: "https://evil.example/api/worker/klap" }),
      await sign(JSON.stringify({ jobId: "00000000-0000-4000-8000-000000000000" })),
      "not.a.jwt",
    ];
    for (const signature of cases) {
      const res = await post(body, { "upstash-signature": signature });
      expect(res.status).toBe(401);
    }
    expect((await post(body, {})).status).toBe(401);
    expect((await status(id)).status).toBe("pending");
    await t.ctx.queue.cancel(id);
  });

  test("400 for a malformed message, with the field named", async () => {
    const res = await t.call("POST", "/api/worker/klap", {
      token: TEST_SECRETS.WORKER_SECRET,
      body: { lease: "one" },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).field).toBe("lease");
    const bad = await t.call("POST", "/api/worker/klap", {
      token: TEST_SECRETS.WORKER_SECRET,
      body: "{oops",
    });
    expect(bad.status).toBe(400);
  });
});
