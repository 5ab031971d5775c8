// The simulated Klap account: tasks, their output folders of clips, and exports. Progress is
// derived from the clock on every read, so there are no timers to leak or to race.
import { randomBytes } from "node:crypto";
import { type KlapSimulatorStatusStyle, statusName } from "./status-names.js";

export interface KlapSimulatorStoreOptions {
  processingMs: number;
  exportMs: number;
  clipCount: number;
  statusStyle: KlapSimulatorStatusStyle;
  /** Base for finished exports' `src_url`, e.g. `http://127.0.0.1:PORT/simulator-files`. */
  fileBaseUrl: string;
  now?: () => number;
}

export interface SubmittedTask {
  source_video_url: string;
  max_clip_count?: number | undefined;
  target_clip_count?: number | undefined;
}

interface TaskRecord {
  id: string;
  folderId: string;
  createdAt: number;
  /** A source URL containing "fail" ends in the error state: the simulator's failure switch. */
  fails: boolean;
  clipIds: string[];
}

interface ExportRecord {
  id: string;
  folderId: string;
  projectId: string;
  createdAt: number;
}

export class KlapSimulatorStore {
  readonly #options: KlapSimulatorStoreOptions;
  readonly #now: () => number;
  readonly #tasks = new Map<string, TaskRecord>();
  readonly #folders = new Map<string, TaskRecord>();
  readonly #exports = new Map<string, ExportRecord>();

  constructor(options: KlapSimulatorStoreOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  createTask(input: SubmittedTask): Record<string, unknown> {
    const limit = Math.min(input.max_clip_count ?? Infinity, input.target_clip_count ?? Infinity);
    const count = Math.max(0, Math.min(this.#options.clipCount, limit));
    const task: TaskRecord = {
      id: simId("task"),
      folderId: simId("folder"),
      createdAt: this.#now(),
      fails: input.source_video_url.toLowerCase().includes("fail"),
      clipIds: Array.from({ length: count }, () => simId("project")),
    };
    this.#tasks.set(task.id, task);
    this.#folders.set(task.folderId, task);
    return this.#taskView(task);
  }

  task(id: string): Record<string, unknown> | undefined {
    const task = this.#tasks.get(id);
    return task && this.#taskView(task);
  }

  /** Clips of a folder: none until its task is ready (and none ever if it failed). */
  clips(folderId: string): Record<string, unknown>[] | undefined {
    const task = this.#folders.get(folderId);
    if (!task) return undefined;
    return this.#readyClipIds(task).map((projectId, i) => clipView(task, projectId, i));
  }

  clip(folderId: string, projectId: string): Record<string, unknown> | undefined {
    const task = this.#folders.get(folderId);
    if (!task) return undefined;
    const index = this.#readyClipIds(task).indexOf(projectId);
    return index < 0 ? undefined : clipView(task, projectId, index);
  }

  createExport(folderId: string, projectId: string): Record<string, unknown> | undefined {
    if (!this.clip(folderId, projectId)) return undefined;
    const record: ExportRecord = {
      id: simId("export"),
      folderId,
      projectId,
      createdAt: this.#now(),
    };
    this.#exports.set(record.id, record);
    return this.#exportView(record);
  }

  export(
    folderId: string,
    projectId: string,
    exportId: string,
  ): Record<string, unknown> | undefined {
    const record = this.#exports.get(exportId);
    if (!record || record.folderId !== folderId || record.projectId !== projectId) return undefined;
    return this.#exportView(record);
  }

  hasExport(exportId: string): boolean {
    return this.#exports.has(exportId);
  }

  #readyClipIds(task: TaskRecord): string[] {
    const done = this.#now() - task.createdAt >= this.#options.processingMs;
    return done && !task.fails ? task.clipIds : [];
  }

  #taskView(task: TaskRecord): Record<string, unknown> {
    const { statusStyle, processingMs } = this.#options;
    return {
      id: task.id,
      type: "video-to-shorts",
      status: statusName(statusStyle, this.#now() - task.createdAt, processingMs, task.fails),
      created_at: new Date(task.createdAt).toISOString(),
      output_type: "folder",
      output_id: task.folderId,
    };
  }

  #exportView(record: ExportRecord): Record<string, unknown> {
    const { statusStyle, exportMs, fileBaseUrl } = this.#options;
    const elapsed = this.#now() - record.createdAt;
    const done = elapsed >= exportMs;
    return {
      id: record.id,
      status: statusName(statusStyle, elapsed, exportMs),
      src_url: done ? `${fileBaseUrl}/${record.id}.mp4` : null,
      project_id: record.projectId,
      folder_id: record.folderId,
      created_at: new Date(record.createdAt).toISOString(),
      finished_at: done ? new Date(record.createdAt + exportMs).toISOString() : null,
      name: `Simulated export of ${record.projectId}`,
      author_id: "simulated-user",
      descriptions: "Rendered by the local Klap simulator.",
    };
  }
}

function clipView(task: TaskRecord, projectId: string, index: number): Record<string, unknown> {
  return {
    id: projectId,
    author_id: "simulated-user",
    folder_id: task.folderId,
    name: `Simulated short ${index + 1}`,
    created_at: new Date(task.createdAt).toISOString(),
    // Descending, so "best clip first" logic has something to sort.
    virality_score: Math.max(0, Math.round((0.95 - index * 0.1) * 100) / 100),
    virality_score_explanation: `Simulated score for clip ${index + 1}.`,
  };
}

/** Ids say where they came from, so a simulator id is never mistaken for a real Klap one. */
function simId(kind: string): string {
  return `sim_${kind}_${randomBytes(6).toString("hex")}`;
}
