// The dashboard's actions, in-process: retry, retry all, cancel, delete, their 404/409 answers, and
// read-only mode refusing every one of them.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestApp, TEST_SECRETS, type TestApp } from "../support/app.js";
import { jobMaker } from "./jobs.js";

const token = TEST_SECRETS.QUEUE_API_TOKEN;
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
let t: TestApp;
let jobs: ReturnType<typeof jobMaker>;
beforeAll(async () => {
  t = await startTestApp();
  jobs = jobMaker(t);
});
afterAll(() => t.close());

const post = (path: string) => t.call("POST", path, { token });
const statusOf = async (id: string) => (await t.ctx.queue.get(id))?.status ?? "gone";

describe("retry", () => {
  test("puts a dead job back in its queue with fresh attempts", async () => {
    const id = await jobs.dead();
    const res = await post(`/api/dashboard/jobs/${id}/retry`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await res.json()).job).toMatchObject({ id, status: "pending", attempts: 0 });
  });

  test("409 for a job that is not dead, 404 for an unknown one", async () => {
    const res = await post(`/api/dashboard/jobs/${await jobs.pending()}/retry`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: expect.stringContaining("dead-letter") });
    expect((await post(`/api/dashboard/jobs/${UNKNOWN_ID}/retry`)).status).toBe(404);
  });

  test("retry all puts every dead job back", async () => {
    const ids = [await jobs.dead(), await jobs.dead()];
    const res = await post("/api/dashboard/dead/retry");
    expect(res.status).toBe(200);
    expect((await res.json()).retried).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(await statusOf(id)).toBe("pending");
    expect((await t.ctx.queue.stats()).dead).toBe(0);
  });
});

describe("cancel", () => {
  test("cancels a pending job", async () => {
    const id = await jobs.pending();
    const res = await post(`/api/dashboard/jobs/${id}/cancel`);
    expect(res.status).toBe(200);
    expect((await res.json()).job).toMatchObject({ id, status: "cancelled" });
    expect(await statusOf(id)).toBe("cancelled");
  });

  test("409 for a finished job, and it stays as it was", async () => {
    const id = await jobs.completed();
    const res = await post(`/api/dashboard/jobs/${id}/cancel`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ field: "status" });
    expect(await statusOf(id)).toBe("completed");
  });
});

describe("delete", () => {
  test.each(["completed", "dead"] as const)("deletes a %s job", async (state) => {
    const id = await jobs[state]();
    const res = await t.call("DELETE", `/api/dashboard/jobs/${id}`, { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, deleted: true });
    expect(await statusOf(id)).toBe("gone");
  });

  test("409 for a job still queued or running, 404 for an unknown one", async () => {
    const id = await jobs.active();
    expect((await t.call("DELETE", `/api/dashboard/jobs/${id}`, { token })).status).toBe(409);
    expect(await statusOf(id)).toBe("active");
    expect((await t.call("DELETE", `/api/dashboard/jobs/${UNKNOWN_ID}`, { token })).status).toBe(
      404,
    );
  });
});

describe("read-only mode (DASHBOARD_READ_ONLY=1)", () => {
  test("refuses every action with 403 and changes nothing; reads still work", async () => {
    const ro = await startTestApp({ DASHBOARD_READ_ONLY: "1" });
    try {
      const roJobs = jobMaker(ro);
      const dead = await roJobs.dead();
      const pending = await roJobs.pending();
      const calls: [string, string][] = [
        ["POST", `/api/dashboard/jobs/${dead}/retry`],
        ["POST", "/api/dashboard/dead/retry"],
        ["POST", `/api/dashboard/jobs/${pending}/cancel`],
        ["DELETE", `/api/dashboard/jobs/${dead}`],
      ];
      for (const [method, path] of calls) {
        const res = await ro.call(method, path, { token });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect((await res.json()).error).toContain("read-only");
      }
      expect((await ro.ctx.queue.get(dead))?.status).toBe("dead");
      expect((await ro.ctx.queue.get(pending))?.status).toBe("pending");
      const summary = await ro.call("GET", "/api/dashboard/summary", { token });
      expect(await summary.json()).toMatchObject({ readOnly: true, stats: { dead: 1 } });
    } finally {
      await ro.close();
    }
  });

  test("still asks for the token first: 401, not 403", async () => {
    const ro = await startTestApp({ DASHBOARD_READ_ONLY: "true" });
    try {
      expect((await ro.call("POST", "/api/dashboard/dead/retry")).status).toBe(401);
    } finally {
      await ro.close();
    }
  });
});
