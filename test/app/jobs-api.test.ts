// POST /api/jobs, GET /api/jobs/:id, GET /api/queue/stats and GET /api/health, in-process.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../../app/app.js";
import { ConfigError } from "../../app/config/env.js";
import { startTestApp, TEST_SECRETS, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const token = TEST_SECRETS.QUEUE_API_TOKEN;
const valid = { videoUrl: "https://cdn.example.com/talk.mp4", projectId: "proj_1" };
const pendingCount = async () => (await t.ctx.queue.stats()).pending.total;

describe("POST /api/jobs", () => {
  test("enqueues a job: 202 with its id and status, then it can be polled", async () => {
    const res = await t.call("POST", "/api/jobs", {
      token,
      body: { ...valid, priority: "high", options: { targetClipCount: 3 } },
    });
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: "pending" });
    const poll = await t.call("GET", `/api/jobs/${body.id}`);
    expect(poll.status).toBe(200);
    expect(await poll.json()).toEqual({
      id: body.id,
      status: "pending",
      progress: 0,
      attempts: 0,
      step: null,
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
  });

  test("a repeated idempotency key returns the existing job with 200", async () => {
    const first = await t.call("POST", "/api/jobs", {
      token,
      body: { ...valid, idempotencyKey: "upload-77" },
    });
    const again = await t.call("POST", "/api/jobs", {
      token,
      body: { ...valid, idempotencyKey: "upload-77" },
    });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe((await first.json()).id);
  });

  test("401 without or with a wrong token, and nothing is enqueued", async () => {
    const before = await pendingCount();
    expect((await t.call("POST", "/api/jobs", { body: valid })).status).toBe(401);
    const wrong = await t.call("POST", "/api/jobs", { token: `${token}x`, body: valid });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: "Missing or invalid bearer token",
      field: "authorization",
    });
    expect(await pendingCount()).toBe(before);
  });

  test.each([
    ["malformed JSON", '{"videoUrl": ', "body"],
    ["a non-object body", "[1,2]", "body"],
    ["a missing videoUrl", { projectId: "p" }, "videoUrl"],
    ["a videoUrl that is not http(s)", { ...valid, videoUrl: "ftp://x/y.mp4" }, "videoUrl"],
    ["a projectId of the wrong type", { ...valid, projectId: 7 }, "projectId"],
    ["an unknown priority", { ...valid, priority: "urgent" }, "priority"],
    [
      "an option of the wrong type",
      { ...valid, options: { targetClipCount: "three" } },
      "options.targetClipCount",
    ],
    ["an unknown option", { ...valid, options: { colour: "red" } }, "options"],
    ["an unknown field", { ...valid, extra: 1 }, "body"],
  ])("400 naming the field for %s, and nothing is enqueued", async (_name, body, field) => {
    const before = await pendingCount();
    const res = await t.call("POST", "/api/jobs", { token, body });
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.field).toBe(field);
    expect(json.error).toContain(field === "body" ? "" : field.split(".").at(-1));
    expect(await pendingCount()).toBe(before);
  });

  test("413 for a body over the limit", async () => {
    const before = await pendingCount();
    const res = await t.call("POST", "/api/jobs", {
      token,
      body: { ...valid, projectId: "x".repeat(100_000) },
    });
    expect(res.status).toBe(413);
    expect(await pendingCount()).toBe(before);
  });
});

describe("GET /api/jobs/:id", () => {
  test("404 for an unknown or malformed id", async () => {
    expect((await t.call("GET", "/api/jobs/00000000-0000-4000-8000-000000000000")).status).toBe(
      404,
    );
    expect((await t.call("GET", "/api/jobs/not-an-id")).status).toBe(404);
  });

  test("400 naming the field for a malformed percent-escape in the id (found by the route fuzzer)", async () => {
    const res = await t.call("GET", "/api/jobs/%E0%A4%A");
    expect(res.status).toBe(400);
    expect((await res.json()).field).toBe("id");
  });

  test("405 for a method the path does not take, 404 for an unknown path", async () => {
    expect((await t.call("DELETE", "/api/jobs/00000000-0000-4000-8000-000000000000")).status).toBe(
      405,
    );
    expect((await t.call("GET", "/api/nope")).status).toBe(404);
  });
});

describe("GET /api/queue/stats", () => {
  test("needs the API token and returns counts per state", async () => {
    expect((await t.call("GET", "/api/queue/stats")).status).toBe(401);
    const res = await t.call("GET", "/api/queue/stats", { token });
    expect(res.status).toBe(200);
    const stats = await res.json();
    expect(stats.pending.total).toBe(await pendingCount());
    expect(stats).toHaveProperty("oldestPendingAgeMs");
  });
});

describe("GET /api/health", () => {
  test("200 when Redis answers and the config is complete", async () => {
    const res = await t.call("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, redis: "ok", config: { complete: true } });
  });

  test("503 naming missing env vars, never a value", async () => {
    const app = createApp(() => {
      throw new ConfigError("Invalid environment", ["CRON_SECRET", "KLAP_API_KEY"]);
    });
    const res = await app(new Request("http://x/api/health"));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ok: false,
      config: { complete: false, invalid: ["CRON_SECRET", "KLAP_API_KEY"] },
      redis: "unknown",
    });
    const other = await app(new Request("http://x/api/queue/stats"));
    expect(other.status).toBe(500);
    expect((await other.json()).error).toBe(
      "Server configuration is incomplete: CRON_SECRET, KLAP_API_KEY",
    );
  });

  test("503 when Redis is unreachable", async () => {
    const down = await startTestApp({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" });
    try {
      const res = await down.call("GET", "/api/health");
      expect(res.status).toBe(503);
      expect((await res.json()).redis).toBe("unreachable");
      const enqueue = await down.call("POST", "/api/jobs", { token, body: valid });
      expect(enqueue.status).toBe(503);
    } finally {
      await down.close();
    }
  });
});
