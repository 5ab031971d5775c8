// Bad input never breaks a route: property-based fuzzing (fast-check) of every route's body, headers,
// credentials and path, in-process (createApp). Each answer must be a 4xx with a JSON error, never a
// 5xx, and the queue's keys must be byte for byte what they were. Runs are bounded; a failure prints
// the seed and the shrunk request.
import fc from "fast-check";
import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { signQStashRequest } from "../../app/local/qstash-simulator/index.js";
import { BASE_URL, startTestApp, TEST_SECRETS, type TestApp } from "../support/app.js";
import {
  badJobBody,
  extraHeaders,
  forgedAuthorization,
  latin1,
  segment,
  VALID_JOB,
} from "./support/bad-input.js";
import { redisSnapshot } from "./support/redis-snapshot.js";

const RUNS = 250;
const TOKENS = [
  TEST_SECRETS.QUEUE_API_TOKEN,
  TEST_SECRETS.WORKER_SECRET,
  TEST_SECRETS.CRON_SECRET,
  TEST_SECRETS.QSTASH_CURRENT_SIGNING_KEY,
];

let t: TestApp;
let redis: IORedis;

beforeAll(async () => {
  t = await startTestApp();
  redis = new IORedis(inject("redisUrl"));
  // Some state to protect: jobs waiting in a list, one delayed, one cancelled.
  for (const n of [1, 2, 3]) {
    await t.ctx.queue.enqueue({ ...VALID_JOB, projectId: `seed${n}` });
  }
  await t.ctx.queue.enqueue({ ...VALID_JOB, projectId: "later" }, { delayMs: 3_600_000 });
  const { job } = await t.ctx.queue.enqueue({ ...VALID_JOB, projectId: "gone" });
  await t.ctx.queue.cancel(job.id);
});

afterAll(async () => {
  redis?.disconnect();
  await t?.close();
});

/** Every key under the app's prefix, with its serialized value. */
const snapshot = () => redisSnapshot(redis, `${t.env.QUEUE_PREFIX}*`);

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

async function send(req: Sent): Promise<{ status: number; body: unknown }> {
  const hasBody = req.body !== undefined && req.method !== "GET" && req.method !== "HEAD";
  const res = await t.app(
    new Request(`${BASE_URL}${req.path}`, {
      method: req.method,
      headers: req.headers,
      body: hasBody ? req.body : undefined,
    }),
  );
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body };
}

/** Runs the property and checks the queue's keys did not change. */
async function refuses(arb: fc.Arbitrary<Sent>, expected: (status: number) => boolean) {
  const before = await snapshot();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(arb, async (req) => {
      const { status, body } = await send(req);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(status, JSON.stringify(body)).toBeLessThan(500);
      expect(expected(status), `status ${status}`).toBe(true);
      if (req.method !== "HEAD") expect(body).toHaveProperty("error");
    }),
    { numRuns: RUNS },
  );
  expect(await snapshot()).toEqual(before);
  return statuses;
}

const withHeaders = (base: Record<string, string | undefined>) =>
  extraHeaders.map((extra) => {
    const headers: Record<string, string> = { ...extra };
    for (const [k, v] of Object.entries(base)) if (v !== undefined) headers[k] = v;
    return headers;
  });

describe("POST /api/jobs", () => {
  test("answers 400 (or 413 past 64 KB) to every malformed body, and enqueues nothing", async () => {
    const arb = fc.record({
      method: fc.constant("POST"),
      path: fc.constant("/api/jobs"),
      headers: withHeaders({ authorization: `Bearer ${TEST_SECRETS.QUEUE_API_TOKEN}` }),
      body: badJobBody,
    });
    await refuses(arb, (s) => s === 400 || s === 413);
  });
});

describe("credentials", () => {
  const routes = fc.constantFrom(
    { method: "POST", path: "/api/jobs", body: JSON.stringify(VALID_JOB) },
    { method: "GET", path: "/api/cron/klap", body: undefined },
    { method: "POST", path: "/api/cron/klap", body: "" },
    { method: "POST", path: "/api/worker/klap", body: "" },
    { method: "POST", path: "/api/worker/klap", body: JSON.stringify({ jobId: "x", lease: 1 }) },
    { method: "GET", path: "/api/queue/stats", body: undefined },
  );

  test("every protected route answers 401 to a missing or forged bearer token", async () => {
    const arb = fc
      .tuple(routes, forgedAuthorization(TOKENS), extraHeaders)
      .map(([route, authorization, extra]) => ({
        ...route,
        headers: { ...extra, ...(authorization ? { authorization } : {}) },
      }));
    await refuses(arb, (s) => s === 401 || s === 413);
  });

  test("the cron and worker routes answer 401 to a forged or tampered QStash signature", async () => {
    const signed = fc.record({
      path: fc.constantFrom("/api/cron/klap", "/api/worker/klap"),
      body: fc.constantFrom("", "{}", JSON.stringify({ jobId: "x" })),
      // Exactly one thing wrong with an otherwise genuine token.
      flaw: fc.constantFrom("key", "url", "body", "expired", "garbage", "truncated"),
      other: fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
    });
    const arb = fc.tuple(signed, extraHeaders).map(([s, extra]) => {
      const url = `${BASE_URL}${s.path}`;
      const sign = (o: { key?: string; url?: string; body?: string; now?: Date }) =>
        signQStashRequest({
          signingKey: o.key ?? TEST_SECRETS.QSTASH_CURRENT_SIGNING_KEY,
          url: o.url ?? url,
          body: o.body ?? s.body,
          ...(o.now ? { now: o.now } : {}),
        });
      const signature = {
        key: () => sign({ key: `${TEST_SECRETS.QSTASH_CURRENT_SIGNING_KEY}x` }),
        url: () => sign({ url: `${BASE_URL}/api/jobs` }),
        body: () => sign({ body: `${s.body}${s.other}` }),
        expired: () => sign({ now: new Date(Date.now() - 3_600_000) }),
        garbage: () => latin1(s.other),
        truncated: () => sign({}).slice(0, -3),
      }[s.flaw]();
      return {
        method: "POST",
        path: s.path,
        body: s.body,
        headers: { ...extra, "upstash-signature": signature },
      };
    });
    await refuses(arb, (s) => s === 401 || s === 413);
  });
});

describe("paths and methods", () => {
  test("unknown paths, wrong methods and odd ids answer 404, 405 or 401", async () => {
    const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    const path = fc.oneof(
      fc.constantFrom(
        "/api/jobs", "/api/jobs/", "/api/cron/klap", "/api/worker/klap", "/api/queue/stats",
        "/api//jobs", "/api/jobs/../queue/stats", "/API/JOBS", "/api/health/x", "/api/jobs/%2e%2e",
      ), // biome-ignore format: a path list
      segment.map((id) => `/api/jobs/${id}`),
      fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/api/${s.join("/")}`),
      fc.array(segment, { maxLength: 3 }).map((s) => `/${s.join("/")}`),
    );
    const arb = fc
      .record({
        method,
        path,
        headers: extraHeaders,
        body: fc.option(badJobBody, { nil: undefined }),
      })
      .filter((r) => new URL(r.path, BASE_URL).pathname !== "/api/health");
    const statuses = await refuses(arb, (s) => [400, 401, 404, 405, 413].includes(s));
    expect(statuses.get(404)).toBeGreaterThan(0);
    expect(statuses.get(405)).toBeGreaterThan(0);
  });
});
