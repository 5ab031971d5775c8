// Typed client for the Klap API v2 (video-to-shorts), one HTTP call per method, built on the
// global `fetch` so it bundles into a Vercel function as is.
//
// Wire format follows https://docs.klap.app (endpoints/tasks, endpoints/projects, endpoints/exports,
// object-formats, usecases/generate-shorts), read 2026-11. See status.ts for where those pages
// disagree on status names.
import type { $ZodError, $ZodType } from "zod/v4/core";
import * as z from "zod/mini";
import "../zod-locale.js";
import { excerpt, KlapApiError } from "./errors.js";
import {
  type KlapClip,
  type KlapExport,
  type KlapTask,
  klapClipListSchema,
  klapExportSchema,
  klapTaskSchema,
  type VideoToShortsInput,
} from "./schemas.js";

export const DEFAULT_KLAP_API_URL = "https://api.klap.app/v2";

export interface KlapClientOptions {
  /** Klap API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** API base URL, version included. @default "https://api.klap.app/v2" */
  baseUrl?: string;
  /** Per-call budget, response body included; past it the call fails as a retryable timeout. @default 15000 */
  timeoutMs?: number;
  /** `fetch` to use; tests inject one to fake odd answers. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Body of `POST /projects/{folder_id}/{project_id}/exports`; every field is optional. */
export interface CreateExportInput {
  watermark?: { src_url: string; pos_x?: number; pos_y?: number; scale?: number };
}

export class KlapClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  // Private fields stay out of console.log, JSON.stringify and error messages.
  readonly #apiKey: string;
  readonly #fetch: typeof fetch;

  constructor(options: KlapClientOptions) {
    if (!options.apiKey) {
      throw new Error("KlapClient needs an apiKey: the Klap API key sent as a Bearer token.");
    }
    const timeoutMs = options.timeoutMs ?? 15_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new Error(
        `KlapClient timeoutMs must be a positive number of milliseconds, got ${timeoutMs}.`,
      );
    }
    this.#apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? DEFAULT_KLAP_API_URL).replace(/\/+$/, "");
    this.timeoutMs = timeoutMs;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Starts a video-to-shorts task; its `output_id` is the folder the clips will land in. */
  async submitVideoToShorts(input: VideoToShortsInput): Promise<KlapTask> {
    return this.#call("POST", "/tasks/video-to-shorts", klapTaskSchema, input);
  }

  /** One poll of a task; read `status` through `normalizeTaskStatus`. */
  async getTask(taskId: string): Promise<KlapTask> {
    return this.#call("GET", `/tasks/${segment(taskId)}`, klapTaskSchema);
  }

  /** The generated shorts (Klap "projects") in a task's output folder. */
  async listClips(folderId: string): Promise<KlapClip[]> {
    return this.#call("GET", `/projects/${segment(folderId)}`, klapClipListSchema);
  }

  /** Starts rendering one short; poll `getExport` until `src_url` is set. */
  async createExport(
    folderId: string,
    projectId: string,
    input: CreateExportInput = {},
  ): Promise<KlapExport> {
    const path = `/projects/${segment(folderId)}/${segment(projectId)}/exports`;
    return this.#call("POST", path, klapExportSchema, input);
  }

  async getExport(folderId: string, projectId: string, exportId: string): Promise<KlapExport> {
    const path = `/projects/${segment(folderId)}/${segment(projectId)}/exports/${segment(exportId)}`;
    return this.#call("GET", path, klapExportSchema);
  }

  async #call<T>(method: string, path: string, schema: $ZodType<T>, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#apiKey}`,
      accept: "application/json",
    };
    if (body !== undefined) headers["content-type"] = "application/json";

    let status: number;
    let text: string;
    try {
      // One signal covers connect, headers and body: a server that stalls mid-body still times out.
      const response = await this.#fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw new KlapApiError({
        kind: timedOut ? "timeout" : "network",
        method,
        path,
        detail: timedOut
          ? `no complete answer within ${this.timeoutMs} ms`
          : transportDetail(error),
        cause: error,
      });
    }

    const secrets = [this.#apiKey];
    if (status < 200 || status >= 300) {
      throw new KlapApiError({
        kind: "http",
        method,
        path,
        status,
        bodyExcerpt: excerpt(text, secrets),
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new KlapApiError({
        kind: "invalid-response",
        method,
        path,
        status,
        detail: "the body is not JSON",
        bodyExcerpt: excerpt(text, secrets),
        cause: error,
      });
    }
    const parsed = z.safeParse(schema, json);
    if (!parsed.success) {
      throw new KlapApiError({
        kind: "invalid-response",
        method,
        path,
        status,
        detail: formatIssues(parsed.error),
        bodyExcerpt: excerpt(text, secrets),
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
}

/** Ids go into the path encoded, so an odd id can never reach another endpoint. */
function segment(value: string): string {
  if (!value) throw new Error("Klap ids must be non-empty strings.");
  return encodeURIComponent(value);
}

function formatIssues(error: $ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(body)"}: ${issue.message}`)
    .join(", ");
}

/** undici hides the useful part ("ECONNREFUSED") in `cause`. */
function transportDetail(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  const code =
    cause && typeof cause === "object" && "code" in cause ? String(cause.code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}
