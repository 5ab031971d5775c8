// Maps a request to one of the Klap endpoints the simulator speaks, and answers it from the store.
import type { KlapSimulatorStore } from "./store.js";
import { parseSubmitBody } from "./submit-body.js";

export type KlapSimulatorRoute =
  | "POST /tasks/video-to-shorts"
  | "GET /tasks/:task_id"
  | "GET /projects/:folder_id"
  | "GET /projects/:folder_id/:project_id"
  | "POST /projects/:folder_id/:project_id/exports"
  | "GET /projects/:folder_id/:project_id/exports/:export_id"
  | "GET /simulator-files/:file"
  | "unknown";

export interface RouteMatch {
  route: KlapSimulatorRoute;
  params: string[];
}

export interface Reply {
  status: number;
  body: unknown;
  /** Set for the fake video files; everything else is JSON. */
  contentType?: string;
}

/** `pathname` is relative to the simulator origin; API routes live under `/v2`. */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const parts = pathname.split("/").filter(Boolean).map(safeDecode);
  const unknown: RouteMatch = { route: "unknown", params: [] };
  if (parts[0] === "simulator-files" && parts.length === 2 && method === "GET") {
    return { route: "GET /simulator-files/:file", params: [parts[1]!] };
  }
  if (parts[0] !== "v2") return unknown;
  const [resource, ...rest] = parts.slice(1);
  if (resource === "tasks") {
    if (method === "POST" && rest.length === 1 && rest[0] === "video-to-shorts") {
      return { route: "POST /tasks/video-to-shorts", params: [] };
    }
    if (method === "GET" && rest.length === 1)
      return { route: "GET /tasks/:task_id", params: rest };
  }
  if (resource === "projects") {
    if (method === "GET" && rest.length === 1)
      return { route: "GET /projects/:folder_id", params: rest };
    if (method === "GET" && rest.length === 2) {
      return { route: "GET /projects/:folder_id/:project_id", params: rest };
    }
    if (method === "POST" && rest.length === 3 && rest[2] === "exports") {
      return { route: "POST /projects/:folder_id/:project_id/exports", params: rest.slice(0, 2) };
    }
    if (method === "GET" && rest.length === 4 && rest[2] === "exports") {
      return {
        route: "GET /projects/:folder_id/:project_id/exports/:export_id",
        params: [rest[0]!, rest[1]!, rest[3]!],
      };
    }
  }
  return unknown;
}

/** Answers an authorised request. `onSubmit` hears every task actually created. */
export function answer(
  store: KlapSimulatorStore,
  match: RouteMatch,
  body: string,
  onSubmit: (sourceVideoUrl: string) => void,
): Reply {
  const [a = "", b = "", c = ""] = match.params;
  switch (match.route) {
    case "POST /tasks/video-to-shorts": {
      const parsed = parseSubmitBody(body);
      if (!parsed.ok) return { status: 400, body: { error: parsed.error } };
      onSubmit(parsed.task.source_video_url);
      return { status: 200, body: store.createTask(parsed.task) };
    }
    case "GET /tasks/:task_id":
      return found(store.task(a), `task ${a}`);
    case "GET /projects/:folder_id":
      return found(store.clips(a), `folder ${a}`);
    case "GET /projects/:folder_id/:project_id":
      return found(store.clip(a, b), `project ${b} in folder ${a}`);
    case "POST /projects/:folder_id/:project_id/exports":
      return found(store.createExport(a, b), `project ${b} in folder ${a}`);
    case "GET /projects/:folder_id/:project_id/exports/:export_id":
      return found(store.export(a, b, c), `export ${c} of project ${b}`);
    case "GET /simulator-files/:file": {
      const exportId = a.replace(/\.mp4$/, "");
      if (!store.hasExport(exportId)) return { status: 404, body: { error: `no file ${a}` } };
      return { status: 200, body: `simulated video for ${exportId}`, contentType: "video/mp4" };
    }
    case "unknown":
      return { status: 404, body: { error: "no such endpoint in the Klap simulator" } };
  }
}

function found(value: unknown, what: string): Reply {
  return value === undefined
    ? { status: 404, body: { error: `${what} not found` } }
    : { status: 200, body: value };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
