// The status names the Klap simulator answers with. Klap's docs use two families (see
// app/klap/status.ts), so the simulator can speak either and tests exercise both.

export type KlapSimulatorStatusStyle = "ready" | "completed";

type Phase = "queued" | "running" | "done" | "failed";

const NAMES: Record<KlapSimulatorStatusStyle, Record<Phase, string>> = {
  // Endpoint pages and the Generate Shorts guide.
  ready: { queued: "processing", running: "processing", done: "ready", failed: "error" },
  // The Object Formats page.
  completed: { queued: "pending", running: "in_progress", done: "completed", failed: "failed" },
};

/**
 * Status for something that takes `durationMs` and started `elapsedMs` ago. The first quarter reads
 * as "queued", so the `completed` style shows both `pending` and `in_progress` before it finishes.
 */
export function statusName(
  style: KlapSimulatorStatusStyle,
  elapsedMs: number,
  durationMs: number,
  fails = false,
): string {
  const names = NAMES[style];
  if (elapsedMs >= durationMs) return fails ? names.failed : names.done;
  return elapsedMs < durationMs / 4 ? names.queued : names.running;
}
