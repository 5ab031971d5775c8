// The local Vercel host over real HTTP: the app's built output, then fixture functions for what the
// app cannot show (timeouts, cookies, HEAD, env isolation, a function that fails to load).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { buildVercelOutput } from "../../app/build/build-vercel-output.js";
import { startVercelHost, type VercelHost } from "../../app/local/vercel-host/index.js";
import { appEnv, removeTempRoots, tempRoot } from "./helpers.js";

afterAll(removeTempRoots);

describe("serving the app's build", () => {
  let host: VercelHost;

  beforeAll(async () => {
    const root = await tempRoot();
    const { outputDir } = await buildVercelOutput({
      env: { VERCEL_OUTPUT_ROOT: root },
      typeCheck: false,
    });
    host = await startVercelHost({
      outputDir,
      env: appEnv(inject("redisRestUrl"), inject("redisRestToken")),
    });
  });

  afterAll(() => host?.close());

  test("answers GET /api/health from the built function", async () => {
    const res = await fetch(`${host.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ ok: true });
  });

  test("answers an unknown path with the handler's own 404, not Vercel's", async () => {
    const res = await fetch(`${host.url}/no/such/route`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-vercel-error")).toBeNull();
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toHaveProperty("error");
  });

  test("lists the configured cron", () => {
    expect(host.crons).toEqual([{ path: "/api/cron/klap", schedule: "* * * * *" }]);
  });
});

// --- fixture functions ---------------------------------------------------------------------------

const SLOW = `
const instance = crypto.randomUUID();
export async function GET(request) {
  const ms = Number(new URL(request.url).searchParams.get("ms") ?? 0);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return Response.json({ instance });
}`;

const ECHO = `
async function echo(request) {
  const headers = new Headers({ "content-type": "application/json", "x-echo": "1" });
  headers.append("set-cookie", "a=1; Path=/");
  headers.append("set-cookie", "b=2; Path=/; HttpOnly");
  return new Response(JSON.stringify({
    method: request.method,
    url: request.url,
    body: await request.text(),
    env: { FOO: process.env.FOO ?? null, HOST_ONLY: process.env.HOST_ONLY_SECRET ?? null },
  }), { status: 201, headers });
}
export { echo as GET, echo as POST, echo as HEAD };`;

const FETCH_DEFAULT = `export default { fetch: () => new Response("from fetch") };`;

const STREAM = `
export function GET() {
  const encoder = new TextEncoder();
  const body = new ReadableStream({
    async start(controller) {
      controller.enqueue(encoder.encode("first;"));
      await new Promise((resolve) => setTimeout(resolve, 400));
      controller.enqueue(encoder.encode("second"));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/plain" } });
}`;

const BROKEN = `throw new Error("boom at import");`;

async function writeFixture(root: string): Promise<string> {
  const outputDir = join(root, ".vercel", "output");
  const fn = async (name: string, source: string, maxDuration?: number) => {
    const dir = join(outputDir, "functions", `${name}.func`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "index.mjs"), source);
    const config = { runtime: "nodejs22.x", handler: "index.mjs", launcherType: "Nodejs" };
    await writeFile(join(dir, ".vc-config.json"), JSON.stringify({ ...config, maxDuration }));
  };
  await fn("slow", SLOW, 1);
  await fn("api/echo", ECHO);
  await fn("fetch", FETCH_DEFAULT);
  await fn("stream", STREAM);
  await fn("broken", BROKEN);
  const routes = [
    { src: "^/slow$", dest: "/slow" },
    { src: "^/echo(?:/.*)?$", dest: "/api/echo" },
  ];
  await writeFile(join(outputDir, "config.json"), JSON.stringify({ version: 3, routes }));
  return outputDir;
}

describe("serving fixture functions", () => {
  let host: VercelHost;

  beforeAll(async () => {
    process.env.HOST_ONLY_SECRET = "must-not-leak";
    host = await startVercelHost({
      outputDir: await writeFixture(await tempRoot("host-fixture-")),
      env: { FOO: "bar" },
    });
  });

  afterAll(async () => {
    delete process.env.HOST_ONLY_SECRET;
    await host?.close();
  });

  test("ends an invocation past maxDuration with 504 and starts a fresh instance after", async () => {
    const first = (await (await fetch(`${host.url}/slow`)).json()) as { instance: string };

    const started = performance.now();
    const res = await fetch(`${host.url}/slow?ms=5000`);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(504);
    expect(res.headers.get("x-vercel-error")).toBe("FUNCTION_INVOCATION_TIMEOUT");
    expect(await res.text()).toContain("FUNCTION_INVOCATION_TIMEOUT");
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);

    const after = (await (await fetch(`${host.url}/slow`)).json()) as { instance: string };
    expect(after.instance).not.toBe(first.instance);
  });

  test("passes method, the URL the client asked for, and a streamed body to the handler", async () => {
    const res = await fetch(`${host.url}/echo/deep/path?q=1`, { method: "POST", body: "hello" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      method: "POST",
      url: `${host.url}/echo/deep/path?q=1`,
      body: "hello",
    });
  });

  test("gives the function exactly the configured env, nothing of the host's", async () => {
    const res = await fetch(`${host.url}/echo`);
    expect(((await res.json()) as { env: unknown }).env).toEqual({ FOO: "bar", HOST_ONLY: null });
  });

  test("keeps every set-cookie header", async () => {
    const res = await fetch(`${host.url}/echo`);
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/; HttpOnly"]);
    expect(res.headers.get("x-echo")).toBe("1");
  });

  test("answers HEAD with the handler's status and headers but no body", async () => {
    const res = await fetch(`${host.url}/echo`, { method: "HEAD" });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-echo")).toBe("1");
    expect(await res.text()).toBe("");
  });

  test("answers 405 for a method the function does not export", async () => {
    const res = await fetch(`${host.url}/echo`, { method: "PUT", body: "x" });
    expect(res.status).toBe(405);
  });

  test("calls a default { fetch } export for any method", async () => {
    const res = await fetch(`${host.url}/fetch`, { method: "DELETE" });
    expect(await res.text()).toBe("from fetch");
  });

  test("streams the response body as the handler produces it", async () => {
    await fetch(`${host.url}/stream`).then((res) => res.text()); // warm the instance
    const started = performance.now();
    const res = await fetch(`${host.url}/stream`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    const firstAt = performance.now() - started;
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(new TextDecoder().decode(first.value)).toBe("first;");
    expect(rest).toBe("second");
    expect(firstAt).toBeLessThan(300);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  test("answers 404 NOT_FOUND where no route or function matches", async () => {
    const res = await fetch(`${host.url}/nowhere`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-vercel-error")).toBe("NOT_FOUND");
  });

  test("answers 500 FUNCTION_INVOCATION_FAILED when the function cannot load", async () => {
    const res = await fetch(`${host.url}/broken`);
    expect(res.status).toBe(500);
    expect(res.headers.get("x-vercel-error")).toBe("FUNCTION_INVOCATION_FAILED");
  });
});

describe("startVercelHost", () => {
  test("refuses an output it cannot serve as Vercel would", async () => {
    const root = await tempRoot();
    const outputDir = join(root, ".vercel", "output");
    await mkdir(outputDir, { recursive: true });
    const routes = [{ handle: "filesystem" }];
    await writeFile(join(outputDir, "config.json"), JSON.stringify({ version: 3, routes }));
    await expect(startVercelHost({ outputDir, env: {} })).rejects.toThrow(/routes\[0\]/);
  });
});
