import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { KlapClient } from "../../app/klap/client.js";
import { KlapApiError } from "../../app/klap/errors.js";
import { normalizeTaskStatus } from "../../app/klap/status.js";
import {
  type KlapSimulator,
  type KlapSimulatorStatusStyle,
  startKlapSimulator,
} from "../../app/local/klap-simulator/index.js";

const API_KEY = "klap-test-key-5f0c2a9e71";
const VIDEO = "https://videos.example.com/talk.mp4";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function simulator(
  options: Parameters<typeof startKlapSimulator>[0],
): Promise<KlapSimulator> {
  const sim = await startKlapSimulator(options);
  cleanups.push(() => sim.close());
  return sim;
}

/** Polls until `done` holds, for at most `timeoutMs`; returns every value seen. */
async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T[]> {
  const seen: T[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    seen.push(value);
    if (done(value)) return seen;
    if (Date.now() > deadline)
      throw new Error(`still not done after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function captureError(promise: Promise<unknown>): Promise<KlapApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KlapApiError);
  return error as KlapApiError;
}

describe("KlapClient against the Klap simulator", () => {
  test.each<[KlapSimulatorStatusStyle, string[], string]>([
    ["ready", ["processing"], "ready"],
    ["completed", ["pending", "in_progress"], "completed"],
  ])(
    "walks a task from submit to exported files (%s status names)",
    async (statusStyle, busy, done) => {
      const sim = await simulator({
        apiKey: API_KEY,
        statusStyle,
        processingMs: 400,
        exportMs: 150,
        clipCount: 3,
      });
      const klap = new KlapClient({ apiKey: API_KEY, baseUrl: sim.url, timeoutMs: 2000 });

      const task = await klap.submitVideoToShorts({
        source_video_url: VIDEO,
        language: "en",
        max_clip_count: 2,
      });
      expect(task.id).toMatch(/^sim_task_/);
      expect(task.output_type).toBe("folder");
      expect(normalizeTaskStatus(task.status)).toBe("processing");

      const polls = await pollUntil(
        () => klap.getTask(task.id),
        (t) => normalizeTaskStatus(t.status) !== "processing",
      );
      const final = polls.at(-1)!;
      expect(final.status).toBe(done);
      expect(normalizeTaskStatus(final.status)).toBe("ready");
      // Every in-between name of the family shows up, and nothing else does.
      expect(new Set([task.status, ...polls.slice(0, -1).map((t) => t.status)])).toEqual(
        new Set(busy),
      );
      expect(final.output_id).toBe(task.output_id);

      const clips = await klap.listClips(final.output_id!);
      expect(clips).toHaveLength(2); // the simulator honours max_clip_count
      for (const clip of clips) {
        expect(clip.folder_id).toBe(final.output_id);
        expect(clip.virality_score).toBeGreaterThan(0);
        expect(clip.virality_score_explanation).toEqual(expect.any(String));
      }

      const clip = clips[0]!;
      const created = await klap.createExport(final.output_id!, clip.id);
      expect(created.src_url).toBeNull();
      const exports = await pollUntil(
        () => klap.getExport(final.output_id!, clip.id, created.id),
        (e) => e.src_url != null,
      );
      const exported = exports.at(-1)!;
      expect(exported.id).toBe(created.id);
      expect(exported.status).toBe(done);
      const file = await fetch(exported.src_url!);
      expect(file.status).toBe(200);

      expect(sim.stats().submits).toEqual({ total: 1, bySourceUrl: { [VIDEO]: 1 } });
    },
  );

  test("a task whose source fails ends in the error state with no clips", async () => {
    const sim = await simulator({ apiKey: API_KEY, processingMs: 100 });
    const klap = new KlapClient({ apiKey: API_KEY, baseUrl: sim.url });
    const task = await klap.submitVideoToShorts({
      source_video_url: "https://videos.example.com/fail.mp4",
    });
    const polls = await pollUntil(
      () => klap.getTask(task.id),
      (t) => normalizeTaskStatus(t.status) !== "processing",
    );
    expect(normalizeTaskStatus(polls.at(-1)!.status)).toBe("error");
    expect(await klap.listClips(task.output_id!)).toEqual([]);
  });

  test("a wrong API key is a non-retryable 401 whose message never holds a key", async () => {
    const sim = await simulator({ apiKey: API_KEY });
    const wrongKey = "klap-wrong-key-0000000000";
    const klap = new KlapClient({ apiKey: wrongKey, baseUrl: sim.url });
    const error = await captureError(klap.getTask("sim_task_whatever"));
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.kind).toBe("http");
    expect(error.name).toBe("KlapApiError");
    expect(error.message).toContain("GET /tasks/sim_task_whatever");
    expect(error.message).toContain("401");
    expect(error.message).not.toContain(wrongKey);
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(klap)).not.toContain(wrongKey);
    expect(sim.stats().unauthorized).toBe(1);
  });

  test("5xx answers are retryable", async () => {
    const sim = await simulator({ apiKey: API_KEY });
    const klap = new KlapClient({ apiKey: API_KEY, baseUrl: sim.url });
    sim.failNext(2, 503);
    const first = await captureError(klap.submitVideoToShorts({ source_video_url: VIDEO }));
    expect(first.status).toBe(503);
    expect(first.retryable).toBe(true);
    expect(first.message).toContain("POST /tasks/video-to-shorts");
    sim.failNext(1, 500);
    // The second forced failure is still queued ahead of the 500.
    expect((await captureError(klap.getTask("x"))).status).toBe(503);
    expect((await captureError(klap.getTask("x"))).status).toBe(500);
    const task = await klap.submitVideoToShorts({ source_video_url: VIDEO });
    expect(task.id).toBeTruthy();
    expect(sim.stats().injectedFailures).toBe(3);
    expect(sim.stats().submits.total).toBe(1);
  });

  test("429 is retryable, other 4xx are not", async () => {
    const sim = await simulator({ apiKey: API_KEY });
    const klap = new KlapClient({ apiKey: API_KEY, baseUrl: sim.url });
    sim.failNext(1, 429);
    expect((await captureError(klap.getTask("x"))).retryable).toBe(true);
    const notFound = await captureError(klap.getTask("sim_task_missing"));
    expect(notFound.status).toBe(404);
    expect(notFound.retryable).toBe(false);
  });

  test("a bad source URL is a non-retryable 400 that quotes Klap's reason", async () => {
    const sim = await simulator({ apiKey: API_KEY });
    const klap = new KlapClient({ apiKey: API_KEY, baseUrl: sim.url });
    const error = await captureError(
      klap.submitVideoToShorts({ source_video_url: "ftp://videos.example.com/a.mp4" }),
    );
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("source_video_url");
    expect(sim.stats().submits.total).toBe(0);
  });

  test("a server that never answers is a retryable timeout", async () => {
    const sockets = new Set<import("node:net").Socket>();
    const silent: Server = createServer(() => {}); // accepts, never responds
    silent.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const { port } = silent.address() as AddressInfo;
    const klap = new KlapClient({
      apiKey: API_KEY,
      baseUrl: `http://127.0.0.1:${port}/v2`,
      timeoutMs: 150,
    });

    const started = Date.now();
    const error = await captureError(klap.getTask("t1"));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.kind).toBe("timeout");
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("GET /tasks/t1");
  });

  test("a refused connection is a retryable network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const klap = new KlapClient({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}/v2` });
    const error = await captureError(klap.getTask("t1"));
    expect(error.kind).toBe("network");
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
  });
});

describe("KlapClient response checks", () => {
  const answering = (body: unknown, status = 200): typeof fetch =>
    (async () =>
      new Response(typeof body === "string" ? body : JSON.stringify(body), {
        status,
      })) as typeof fetch;

  test("fails clearly when a task has no id", async () => {
    const klap = new KlapClient({ apiKey: API_KEY, fetch: answering({ status: "processing" }) });
    const error = await captureError(klap.getTask("t1"));
    expect(error.kind).toBe("invalid-response");
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/GET \/tasks\/t1 returned an unexpected body .*id/);
  });

  test("fails clearly when a clip in the list has no id", async () => {
    const klap = new KlapClient({
      apiKey: API_KEY,
      fetch: answering([{ id: "p1" }, { name: "no id" }]),
    });
    const error = await captureError(klap.listClips("f1"));
    expect(error.message).toContain("1.id");
  });

  test("keeps fields it does not know", async () => {
    const klap = new KlapClient({
      apiKey: API_KEY,
      fetch: answering({ id: "e1", status: "ready", src_url: "https://cdn/x.mp4", duration: 31.5 }),
    });
    const exported = await klap.getExport("f", "p", "e1");
    expect(exported).toMatchObject({ id: "e1", src_url: "https://cdn/x.mp4", duration: 31.5 });
  });

  test("sends the key as a bearer token, JSON bodies and encoded ids", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const recording = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      return new Response(JSON.stringify({ id: "e1", status: "processing", src_url: null }));
    }) as typeof fetch;
    const klap = new KlapClient({
      apiKey: API_KEY,
      baseUrl: "https://klap.test/v2/",
      fetch: recording,
    });
    await klap.createExport("folder/1", "p 2");
    expect(calls[0]!.url).toBe("https://klap.test/v2/projects/folder%2F1/p%202/exports");
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(headers["content-type"]).toBe("application/json");
    expect(calls[0]!.init.method).toBe("POST");
    expect(calls[0]!.init.body).toBe("{}");
  });

  test("blanks out the key if a server echoes it in an error body", async () => {
    const klap = new KlapClient({ apiKey: API_KEY, fetch: answering(`bad token ${API_KEY}`, 403) });
    const error = await captureError(klap.getTask("t1"));
    expect(error.message).toContain("[redacted]");
    expect(error.message).not.toContain(API_KEY);
  });

  test("cuts long error bodies to an excerpt", async () => {
    const klap = new KlapClient({ apiKey: API_KEY, fetch: answering("x".repeat(5000), 500) });
    const error = await captureError(klap.getTask("t1"));
    expect(error.message.length).toBeLessThan(500);
  });
});
