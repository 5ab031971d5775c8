import { afterEach, describe, expect, test } from "vitest";
import { type KlapSimulator, startKlapSimulator } from "../../app/local/klap-simulator/index.js";

const API_KEY = "klap-sim-key-1a2b3c4d5e";
const VIDEO = "https://videos.example.com/talk.mp4";

const sims: KlapSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

async function start(options: Partial<Parameters<typeof startKlapSimulator>[0]> = {}) {
  const sim = await startKlapSimulator({
    apiKey: API_KEY,
    processingMs: 100,
    exportMs: 50,
    ...options,
  });
  sims.push(sim);
  return sim;
}

/** A raw call, so the simulator is checked on the wire rather than through our client. */
async function call(
  sim: KlapSimulator,
  method: string,
  path: string,
  body?: unknown,
  key = API_KEY,
) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown> & unknown[],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Klap simulator", () => {
  test("serves the API under /v2 on loopback", async () => {
    const sim = await start();
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/v2`);
    expect((await call(sim, "GET", "/nothing-here")).status).toBe(404);
  });

  test("refuses a missing or wrong bearer key with 401", async () => {
    const sim = await start();
    expect((await call(sim, "GET", "/tasks/x", undefined, "wrong")).status).toBe(401);
    const bare = await fetch(`${sim.url}/tasks/x`);
    expect(bare.status).toBe(401);
    expect(sim.stats().unauthorized).toBe(2);
  });

  test.each([
    ["no body", ""],
    ["not JSON", "{"],
    ["no source_video_url", {}],
    ["a relative URL", { source_video_url: "/talk.mp4" }],
    ["a non-http scheme", { source_video_url: "ftp://example.com/talk.mp4" }],
    ["an out-of-range duration", { source_video_url: VIDEO, max_duration: 500 }],
  ])("refuses a submission with %s (400)", async (_label, body) => {
    const sim = await start();
    const { status, json } = await call(sim, "POST", "/tasks/video-to-shorts", body);
    expect(status).toBe(400);
    expect(json.error).toEqual(expect.any(String));
    expect(sim.stats().submits.total).toBe(0);
  });

  test("answers 404 for unknown task, folder, project and export ids", async () => {
    const sim = await start({ processingMs: 0, exportMs: 0 });
    const task = (await call(sim, "POST", "/tasks/video-to-shorts", { source_video_url: VIDEO }))
      .json;
    const folder = String(task.output_id);
    const [clip] = (await call(sim, "GET", `/projects/${folder}`)).json as { id: string }[];
    const other = (await call(sim, "POST", "/tasks/video-to-shorts", { source_video_url: VIDEO }))
      .json;

    expect((await call(sim, "GET", "/tasks/sim_task_nope")).status).toBe(404);
    expect((await call(sim, "GET", "/projects/sim_folder_nope")).status).toBe(404);
    expect((await call(sim, "POST", `/projects/${folder}/sim_project_nope/exports`)).status).toBe(
      404,
    );
    // A real project under the wrong folder is unknown too.
    expect(
      (await call(sim, "POST", `/projects/${other.output_id}/${clip!.id}/exports`)).status,
    ).toBe(404);
    const made = (await call(sim, "POST", `/projects/${folder}/${clip!.id}/exports`)).json;
    expect(
      (await call(sim, "GET", `/projects/${folder}/${clip!.id}/exports/sim_export_nope`)).status,
    ).toBe(404);
    expect(
      (await call(sim, "GET", `/projects/${other.output_id}/${clip!.id}/exports/${made.id}`))
        .status,
    ).toBe(404);
    expect(
      (await call(sim, "GET", `/projects/${folder}/${clip!.id}/exports/${made.id}`)).status,
    ).toBe(200);
  });

  test("lists no clips, and allows no export, before the task is ready", async () => {
    const sim = await start({ processingMs: 10_000 });
    const task = (await call(sim, "POST", "/tasks/video-to-shorts", { source_video_url: VIDEO }))
      .json;
    expect(task).toMatchObject({ status: "processing", output_type: "folder" });
    expect((await call(sim, "GET", `/projects/${task.output_id}`)).json).toEqual([]);
  });

  test("produces clipCount clips with consistent folder ids", async () => {
    const sim = await start({ clipCount: 4 });
    const task = (await call(sim, "POST", "/tasks/video-to-shorts", { source_video_url: VIDEO }))
      .json;
    await sleep(150);
    expect((await call(sim, "GET", `/tasks/${task.id}`)).json.status).toBe("ready");
    const clips = (await call(sim, "GET", `/projects/${task.output_id}`)).json as Record<
      string,
      unknown
    >[];
    expect(clips).toHaveLength(4);
    expect(new Set(clips.map((c) => c.id)).size).toBe(4);
    expect(clips.every((c) => c.folder_id === task.output_id)).toBe(true);
    const one = await call(sim, "GET", `/projects/${task.output_id}/${clips[1]!.id}`);
    expect(one.json).toEqual(clips[1]);
  });

  test("ends a source URL containing 'fail' in error (or failed, in the other family)", async () => {
    for (const [statusStyle, expected] of [
      ["ready", "error"],
      ["completed", "failed"],
    ] as const) {
      const sim = await start({ statusStyle });
      const task = (
        await call(sim, "POST", "/tasks/video-to-shorts", { source_video_url: `${VIDEO}?fail=1` })
      ).json;
      await sleep(150);
      expect((await call(sim, "GET", `/tasks/${task.id}`)).json.status).toBe(expected);
    }
  });

  test("failNext answers the next n requests with the given status, whatever they are", async () => {
    const sim = await start();
    sim.failNext(2, 502);
    expect((await call(sim, "GET", "/tasks/x", undefined, "wrong-key")).status).toBe(502);
    expect(
      (await call(sim, "POST", "/tasks/video-to-shorts", { source_video_url: VIDEO })).status,
    ).toBe(502);
    expect(
      (await call(sim, "POST", "/tasks/video-to-shorts", { source_video_url: VIDEO })).status,
    ).toBe(200);
    const stats = sim.stats();
    expect(stats.injectedFailures).toBe(2);
    expect(stats.submits.total).toBe(1);
    expect(stats.requests).toEqual({ "GET /tasks/:task_id": 1, "POST /tasks/video-to-shorts": 2 });
    expect(stats.totalRequests).toBe(3);
  });

  test("failureRate answers a share of requests with 5xx", async () => {
    let i = 0;
    // Pinned randomness: every other request fails.
    const sim = await start({ failureRate: 0.5, random: () => (i++ % 2 === 0 ? 0.1 : 0.9) });
    const statuses: number[] = [];
    for (let n = 0; n < 6; n++) statuses.push((await call(sim, "GET", "/tasks/x")).status);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(3);
    expect(statuses.filter((s) => s === 404)).toHaveLength(3);
    expect(sim.stats().injectedFailures).toBe(3);
  });

  test("counts submissions per source URL", async () => {
    const sim = await start();
    for (const url of [VIDEO, VIDEO, "https://videos.example.com/other.mp4"]) {
      await call(sim, "POST", "/tasks/video-to-shorts", { source_video_url: url });
    }
    expect(sim.stats().submits).toEqual({
      total: 3,
      bySourceUrl: { [VIDEO]: 2, "https://videos.example.com/other.mp4": 1 },
    });
  });

  test("stats() is a snapshot", async () => {
    const sim = await start();
    const before = sim.stats();
    await call(sim, "POST", "/tasks/video-to-shorts", { source_video_url: VIDEO });
    expect(before.submits.total).toBe(0);
    expect(sim.stats().submits.total).toBe(1);
  });
});
