// The live instance of one function: a child process started on the first request (a cold start,
// as on Vercel), reused while it lives, and killed when an invocation runs past maxDuration, so the
// next request starts a fresh instance with fresh module state.
import { type ChildProcess, spawn } from "node:child_process";
import type { HostedFunction } from "./build-output.js";
import type { RunnerMessage } from "./function-runner.js";

export class FunctionProcess {
  #child: ChildProcess | undefined;
  #port: Promise<number> | undefined;

  constructor(
    readonly fn: HostedFunction,
    private readonly runnerPath: string,
    private readonly env: Record<string, string>,
    /** Where the function's stdout/stderr (its JSON log lines) go. */
    private readonly logs: "inherit" | "ignore" = "inherit",
  ) {}

  /** The loopback port of the running instance, starting one when there is none. */
  port(): Promise<number> {
    this.#port ??= this.#start();
    return this.#port;
  }

  /** Ends the instance at once, like Vercel ending a timed-out invocation; in-flight requests fail. */
  kill(): void {
    const child = this.#child;
    this.#child = undefined;
    this.#port = undefined;
    child?.kill("SIGKILL");
  }

  #start(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [this.runnerPath, this.fn.handlerPath], {
        cwd: this.fn.dir,
        env: this.env,
        stdio: ["ignore", this.logs, this.logs, "ipc"],
      });
      this.#child = child;
      child.on("message", (message: RunnerMessage) => {
        if (message.type === "ready") resolve(message.port);
        else reject(new Error(`${this.fn.name} failed to start: ${message.message}`));
      });
      child.once("error", reject);
      child.once("exit", (code, signal) => {
        if (this.#child === child) {
          this.#child = undefined;
          this.#port = undefined;
        }
        reject(new Error(`${this.fn.name} exited (${signal ?? code}) before it was ready`));
      });
    });
  }
}
