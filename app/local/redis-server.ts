// Starts and stops a real `redis-server` process on loopback: for tests, local mode and benchmarks.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RedisServerOptions {
  /** Port to listen on. @default a free port */
  port?: number;
  /** Directory for AOF/RDB files. @default a fresh temporary directory, removed on `stop()` */
  dir?: string;
  /** Turn on the append-only file, so a killed server loses no acknowledged write. @default false */
  appendOnly?: boolean;
  /** Path of the binary. @default `REDIS_SERVER_BIN` or `redis-server` on the PATH */
  bin?: string;
}

export class RedisServerMissingError extends Error {
  override name = "RedisServerMissingError";
  constructor(bin: string) {
    super(
      `'${bin}' was not found. Install Redis first: 'apt-get install -y redis-server' on Debian/Ubuntu, ` +
        "'brew install redis' on macOS, or set REDIS_URL to a Redis you already run.",
    );
  }
}

/** A `redis-server` child process that can be killed and restarted on the same port and data. */
export class RedisServer {
  readonly port: number;
  readonly dir: string;
  private readonly ownsDir: boolean;
  private readonly appendOnly: boolean;
  private readonly bin: string;
  private child: ChildProcess | undefined;

  private constructor(port: number, options: RedisServerOptions) {
    this.port = port;
    this.ownsDir = options.dir === undefined;
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), "inflio-redis-"));
    mkdirSync(this.dir, { recursive: true });
    this.appendOnly = options.appendOnly ?? false;
    this.bin = options.bin ?? process.env.REDIS_SERVER_BIN ?? "redis-server";
  }

  /** Starts a server and resolves once it answers PING. */
  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    const server = new RedisServer(options.port ?? (await freePort()), options);
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const probe = spawnSync(this.bin, ["--version"], { stdio: "ignore" });
    if (probe.error) throw new RedisServerMissingError(this.bin);
    const args = [
      "--port", String(this.port),
      "--bind", "127.0.0.1",
      "--dir", this.dir,
      "--save", "",
      "--appendonly", this.appendOnly ? "yes" : "no",
      "--appendfsync", "always",
      "--daemonize", "no",
      "--loglevel", "warning",
    ]; // biome-ignore format: flag/value pairs read best on one line each pair
    const child = spawn(this.bin, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await ping(this.port))) {
      if (child.exitCode !== null) {
        throw new Error(`redis-server exited with code ${child.exitCode}: ${stderr.trim()}`);
      }
      if (Date.now() > deadline)
        throw new Error(`redis-server did not answer on port ${this.port}`);
      await sleep(20);
    }
  }

  /** Stops the process; SIGKILL simulates a crash (only the AOF survives). */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  /** Stops the server and removes its data directory if it made one. */
  async stop(): Promise<void> {
    await this.kill("SIGTERM");
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
    socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
