// Klap's status names, folded into the three states the queue cares about.
//
// The docs disagree: the endpoint pages and the "Generate Shorts" guide use processing/ready/error
// (https://docs.klap.app/endpoints/tasks, /usecases/generate-shorts), while "Object Formats"
// (https://docs.klap.app/object-formats) lists pending/in_progress/completed/failed for both Task
// and Export objects. Both families are accepted, in any case.

export type KlapState = "processing" | "ready" | "error";

export interface KlapStatus {
  state: KlapState;
  /** The status string exactly as Klap sent it, for logs and for spotting new names. */
  raw: string;
  /** False when the name is in neither documented family (it is then treated as processing). */
  known: boolean;
}

const STATES: Record<string, KlapState> = {
  processing: "processing",
  pending: "processing",
  in_progress: "processing",
  ready: "ready",
  completed: "ready",
  error: "error",
  failed: "error",
};

/** The state for a raw Task or Export status; unknown names count as still processing. */
export function normalizeTaskStatus(raw: string): KlapState {
  return describeTaskStatus(raw).state;
}

/**
 * Like `normalizeTaskStatus`, keeping the raw name and whether it was recognised. An unknown name
 * is read as "processing" so a renamed in-flight status never fails a job; the caller's own
 * deadline ends a task that never leaves it.
 */
export function describeTaskStatus(raw: string): KlapStatus {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  const state = STATES[key];
  return state ? { state, raw, known: true } : { state: "processing", raw, known: false };
}
