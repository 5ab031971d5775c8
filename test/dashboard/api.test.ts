// The dashboard's page and read API, in-process: auth, headers, counts, paging and job detail.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startTestApp, TEST_SECRETS, type TestApp } from "../support/app.js";
import { jobMaker } from "./jobs.js";

const token = TEST_SECRETS.QUEUE_API_TOKEN;
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
let t: TestApp;
let jobs: ReturnType<typeof jobMaker>;
beforeEach(async () => {
  t = await startTestApp();
  jobs = jobMaker(t);
});
afterEach(() => t.close());

const getJson = async (path: string) => {
  const res = await t.call("GET", path, { token });
  expect(res.status, `GET ${path}`).toBe(200);
  return res.json();
};

describe("the page", () => {
  test("is public HTML with a strict CSP and no framing", async () => {
    const res = await t.call("GET", "/dashboard");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await res.text();
    expect(html).toContain('<script src="/dashboard/app.js" defer></script>');
    expect(html).not.toMatch(/<script>|<style>| style="/);
  });

  test("serves its script and stylesheet, and the script parses", async () => {
    const js = await t.call("GET", "/dashboard/app.js");
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const source = await js.text();
    expect(() => new Function(source)).not.toThrow();
    const css = await t.call("GET", "/dashboard/app.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(await css.text()).toContain(".counts");
  });
});

describe("auth", () => {
  test.each([
    ["GET", "/api/dashboard/summary"],
    ["GET", "/api/dashboard/jobs?status=pending"],
    ["GET", `/api/dashboard/jobs/${UNKNOWN_ID}`],
    ["POST", `/api/dashboard/jobs/${UNKNOWN_ID}/retry`],
    ["POST", `/api/dashboard/jobs/${UNKNOWN_ID}/cancel`],
    ["DELETE", `/api/dashboard/jobs/${UNKNOWN_ID}`],
    ["POST", "/api/dashboard/dead/retry"],
  ])("%s %s answers 401 without the token or with a wrong one", async (method, path) => {
    for (const given of [undefined, `${token}x`, TEST_SECRETS.WORKER_SECRET]) {
      const res = await t.call(method, path, given ? { token: given } : {});
      expect(res.status).toBe(401);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toEqual({
        error: "Missing or invalid bearer token",
        field: "authorization",
      });
    }
  });
});

describe("GET /api/dashboard/summary", () => {
  test("counts per state, oldest pending age, throughput of the last hour", async () => {
    await jobs.pending({}, "high");
    await jobs.pending();
    await jobs.active();
    await jobs.dead();
    await jobs.completed();
    const res = await t.call("GET", "/api/dashboard/summary", { token });
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body.readOnly).toBe(false);
    expect(body.stats).toMatchObject({
      pending: { high: 1, normal: 1, low: 0, total: 2 },
      active: 1,
      dead: 1,
      completed: 1,
      cancelled: 0,
    });
    expect(body.stats.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
    expect(body.throughput).toHaveLength(60);
    expect(body.throughput.at(-1)).toMatchObject({ completed: 1, dead: 1 });
  });
});

describe("GET /api/dashboard/jobs", () => {
  test("pages through one state in claim order", async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await jobs.pending());
    const first = await getJson("/api/dashboard/jobs?status=pending&limit=2");
    expect(first).toMatchObject({ status: "pending", offset: 0, limit: 2, total: 5 });
    expect(first.jobs.map((j: { id: string }) => j.id)).toEqual(ids.slice(0, 2));
    const last = await getJson("/api/dashboard/jobs?status=pending&offset=4&limit=2");
    expect(last.jobs.map((j: { id: string }) => j.id)).toEqual(ids.slice(4));
    expect(last.jobs[0]).toMatchObject({ status: "pending", projectId: "proj_5", attempts: 0 });
    expect(last.jobs[0]).not.toHaveProperty("payload");
  });

  test.each([
    ["", "status"],
    ["status=stuck", "status"],
    ["status=dead&offset=-1", "offset"],
    ["status=dead&offset=abc", "offset"],
    ["status=dead&limit=0", "limit"],
    ["status=dead&limit=101", "limit"],
    ["status=dead&limit=2.5", "limit"],
  ])("400 naming the field for ?%s", async (query, field) => {
    const res = await t.call("GET", `/api/dashboard/jobs?${query}`, { token });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.field).toBe(field);
    expect(body.error).toContain(field);
  });
});
