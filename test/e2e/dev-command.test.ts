// `npm run dev` as a user runs it: starts, prints the URL and a token that work, stops on Ctrl-C.
import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { expect, test } from "vitest";
import { freePort } from "../../app/local/redis-server.js";

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

test("npm run dev serves the app with the printed token and shuts down cleanly on SIGINT", async () => {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    PORT: String(port),
  };
  const child = spawn("npm", ["run", "dev", "--silent"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(String(signal ?? code))),
  );
  try {
    await expect
      .poll(() => output, { timeout: 60_000, interval: 200 })
      .toContain(`running at http://127.0.0.1:${port}`);
    const token = /QUEUE_API_TOKEN=(\S+)/.exec(output)?.[1];
    expect(token).toMatch(/^dev-queue-api-token-/);

    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    const res = await fetch(`http://127.0.0.1:${port}/api/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ videoUrl: "https://example.com/talk.mp4", projectId: "demo" }),
    });
    expect(res.status).toBe(202);

    const restPort = Number(/endpoint http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    expect(await portOpen(restPort)).toBe(true);
    // Ctrl-C: the terminal sends SIGINT to the whole foreground process group.
    process.kill(-child.pid!, "SIGINT");
    expect(["0", "SIGINT"]).toContain(await exited);
    await expect.poll(() => output).toContain("Stopping");
    expect(await portOpen(port)).toBe(false);
    expect(await portOpen(restPort)).toBe(false);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- npm run dev printed:\n${output}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
  }
}, 90_000);
