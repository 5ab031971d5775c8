// What the chaos run observes from outside the app: every claim and state change a JobQueue was asked
// for (its methods wrapped, behaviour unchanged), and every Klap call an instance made (its KlapClient
// given a recording fetch, which can also kill or stall the caller at a chosen call).
import type { KlapJobPayload, KlapJobResult, KlapJobState } from "../../../app/jobs/klap-job.js";
import {
  type ClaimedJob,
  type JobQueue,
  LeaseLostError,
  QueueUnavailableError,
} from "../../../app/queue/index.js";

export type WriteOp = "complete" | "fail" | "reschedule" | "touch";
export type WriteResult = "ok" | "lease-lost" | "unavailable" | "other";

export interface ClaimEvent {
  jobId: string;
  lease: number;
  /** When the claim's reply arrived: the claim had run in Redis by then. */
  at: number;
  by: string;
}

export interface WriteEvent {
  jobId: string;
  lease: number;
  op: WriteOp;
  /** When the call was made: anything that had returned before this ran in Redis before it. */
  start: number;
  result: WriteResult;
  by: string;
  /** External ids the write would save (step state or result). */
  taskId?: string;
  exportIds: string[];
}

export interface KlapCall {
  kind: "submit" | "export" | "read";
  /** submit: source URL; export: `<folder>/<clip>`; read: the path. */
  key: string;
  start: number;
  by: string;
  status?: number;
  /** Accepted submit or export: the id Klap gave it, and a submit's output folder. */
  id?: string;
  folder?: string;
}

/** Where a doomed instance dies (`kill`) or freezes for a while (`stall`). */
export interface Fault {
  mode: "kill" | "stall";
  /** 1-based index of the Klap call it strikes; a stall moves past POSTs to the next GET. */
  atCall: number;
  stallMs: number;
  /** `kill-before-send`: the request never left; `kill-after-get` / `stall`: a GET's answer arrived. */
  onFired(kind: "kill-before-send" | "kill-after-get" | "stall"): void;
  /** For kills at a GET: true to kill after the answer arrived, false before sending. */
  afterAnswer: boolean;
}

const now = () => performance.now();
const realFetch = globalThis.fetch;

export class ChaosLog {
  readonly claims: ClaimEvent[] = [];
  readonly writes: WriteEvent[] = [];
  readonly klap: KlapCall[] = [];

  /** Wraps claim/claimJob and every lease-checked write of `queue`, recording what they did. */
  instrumentQueue(queue: JobQueue<KlapJobPayload>, by: string): void {
    const claim = queue.claim.bind(queue);
    queue.claim = async (n, leaseMs) => {
      const out = await claim(n, leaseMs);
      const at = now();
      for (const job of out.jobs) this.claims.push({ jobId: job.id, lease: job.lease, at, by });
      return out;
    };
    const claimJob = queue.claimJob.bind(queue);
    queue.claimJob = async (id, leaseMs) => {
      const job = await claimJob(id, leaseMs);
      if (job) this.claims.push({ jobId: job.id, lease: job.lease, at: now(), by });
      return job;
    };
    const complete = queue.complete.bind(queue);
    queue.complete = (job, result) =>
      this.#track("complete", job, by, idsOf(result as KlapJobResult), () => complete(job, result));
    const fail = queue.fail.bind(queue);
    queue.fail = (job, error) =>
      this.#track("fail", job, by, idsOf(undefined), () => fail(job, error));
    const reschedule = queue.reschedule.bind(queue);
    queue.reschedule = (job, delayMs, update) =>
      this.#track("reschedule", job, by, idsOf(update?.state), () =>
        reschedule(job, delayMs, update),
      );
    const touch = queue.touch.bind(queue);
    queue.touch = (job, leaseMs, update) =>
      this.#track("touch", job, by, idsOf(update?.state), () => touch(job, leaseMs, update));
  }

  /** A fetch for one instance's KlapClient that records each call and applies `fault` once. */
  klapFetch(by: string, fault?: Fault): typeof fetch {
    let calls = 0;
    let strikeAt = fault?.atCall ?? 0;
    return async (input, init) => {
      const index = ++calls;
      const method = init?.method ?? "GET";
      const call = { ...describe(method, String(input), init?.body), by };
      const strike = fault !== undefined && index === strikeAt;
      if (strike && method !== "GET") {
        // A POST is only ever struck before it is sent: Klap never accepts a call whose id is lost.
        if (fault.mode === "stall") strikeAt++;
        else return killed(fault, "kill-before-send");
      }
      if (strike && method === "GET" && fault.mode === "kill" && !fault.afterAnswer) {
        return killed(fault, "kill-before-send");
      }
      call.start = now();
      this.klap.push(call);
      const res = await realFetch(input, init);
      call.status = res.status;
      if (res.ok && call.kind !== "read") {
        const body = (await res.clone().json()) as { id?: string; output_id?: string };
        call.id = body.id;
        call.folder = body.output_id;
      }
      if (strike && method === "GET") {
        if (fault.mode === "kill") {
          await res.arrayBuffer(); // frees the connection; the caller never sees the answer
          return killed(fault, "kill-after-get");
        }
        fault.onFired("stall");
        await new Promise((r) => setTimeout(r, fault.stallMs));
      }
      return res;
    };
  }

  async #track<T>(
    op: WriteOp,
    job: ClaimedJob<KlapJobPayload>,
    by: string,
    ids: { taskId?: string; exportIds: string[] },
    run: () => Promise<T>,
  ): Promise<T> {
    const event: WriteEvent = {
      jobId: job.id,
      lease: job.lease,
      op,
      start: now(),
      result: "ok",
      by,
      ...ids,
    };
    try {
      return await run();
    } catch (error) {
      event.result =
        error instanceof LeaseLostError
          ? "lease-lost"
          : error instanceof QueueUnavailableError
            ? "unavailable"
            : "other";
      throw error;
    } finally {
      this.writes.push(event);
    }
  }
}

/** The caller waits forever: nothing after this point of its invocation ever runs. */
function killed(fault: Fault, kind: "kill-before-send" | "kill-after-get"): Promise<Response> {
  fault.onFired(kind);
  return new Promise<Response>(() => {});
}

function idsOf(state: (KlapJobState & { exports?: unknown }) | KlapJobResult | undefined) {
  if (!state) return { exportIds: [] };
  const exports = "exports" in state && state.exports ? Object.values(state.exports) : [];
  return {
    ...(typeof state.taskId === "string" ? { taskId: state.taskId } : {}),
    exportIds: (exports as { exportId: string }[]).map((e) => e.exportId),
  };
}

/** Which Klap endpoint a call is, and the key that ties it to a job. */
function describe(method: string, url: string, body: unknown): KlapCall {
  const path = new URL(url).pathname;
  const parts = path.split("/").filter(Boolean);
  if (method === "POST" && path.endsWith("/tasks/video-to-shorts")) {
    const sourceUrl = (JSON.parse(String(body)) as { source_video_url: string }).source_video_url;
    return { kind: "submit", key: sourceUrl, start: 0, by: "" };
  }
  if (method === "POST" && parts.at(-1) === "exports") {
    return { kind: "export", key: `${parts.at(-3)}/${parts.at(-2)}`, start: 0, by: "" };
  }
  return { kind: "read", key: path, start: 0, by: "" };
}
