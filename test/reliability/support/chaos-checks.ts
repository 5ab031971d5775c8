// The chaos run's verdicts, computed from the ChaosLog alone (pure functions, so each rule reads on
// its own). Times are this process's clock: an event that returned before another started happened
// before it in Redis, whatever the network did in between.
import type { ChaosLog, ClaimEvent, KlapCall, WriteEvent, WriteResult } from "./chaos-log.js";

export interface FencingReport {
  writes: number;
  /** Writes made under a lease after a newer claim of the same job had returned. */
  stale: number;
  /** Of those, refused with LeaseLostError (the rest failed for another reason, e.g. Redis down). */
  staleRefused: number;
  violations: string[];
}

/**
 * Rules: a lease is handed out once; once a newer claim of a job has returned, no write under an
 * older lease may succeed.
 */
export function checkFencing(log: ChaosLog): FencingReport {
  const claims = byJob(log.claims);
  const report: FencingReport = {
    writes: log.writes.length,
    stale: 0,
    staleRefused: 0,
    violations: [],
  };
  for (const [jobId, list] of claims) {
    const leases = list.map((c) => c.lease);
    if (new Set(leases).size !== leases.length) {
      report.violations.push(
        `job ${jobId} was claimed twice under one lease: ${leases.join(", ")}`,
      );
    }
  }
  for (const w of log.writes) {
    const newer = claims.get(w.jobId)?.find((c) => c.lease > w.lease && c.at < w.start);
    if (!newer) continue;
    report.stale++;
    if (w.result === "lease-lost") report.staleRefused++;
    if (w.result === "ok") {
      report.violations.push(
        `${w.by} wrote ${w.op} on job ${w.jobId} under lease ${w.lease} after ${newer.by} claimed lease ${newer.lease}`,
      );
    }
  }
  return report;
}

export interface ExternalIdReport {
  /** Accepted by Klap. */
  accepted: number;
  /** Accepted but never saved on the job, so a later run asked Klap again; by the cause seen. */
  unsaved: Record<string, number>;
  /** Jobs (or clips) that got more than one accepted call. */
  repeated: number;
  violations: string[];
}

export interface KlapReport {
  submits: ExternalIdReport;
  exports: ExternalIdReport;
  /** Klap reads made by an instance whose lease had been superseded (a resumed, stalled worker). */
  staleReads: number;
  violations: string[];
}

/**
 * Rules: (1) every submit (and export) Klap accepted either had its id saved on the job, or was followed
 * by a save that failed because Redis was down: the one documented window for a second call; (2) no
 * Klap POST was made under a lease a newer claim had superseded; (3) a job's saved task is unique.
 */
export function checkKlapCalls(log: ChaosLog, jobIdByUrl: Map<string, string>): KlapReport {
  const okWrites = log.writes.filter((w) => w.result === "ok");
  const savedTasks = new Set(okWrites.flatMap((w) => (w.taskId ? [w.taskId] : [])));
  const savedExports = new Set(okWrites.flatMap((w) => w.exportIds));
  const jobOfFolder = new Map<string, string>();
  const jobOfTask = new Map<string, string>();
  for (const call of log.klap) {
    if (call.kind !== "submit" || !call.id) continue;
    const jobId = jobIdByUrl.get(call.key);
    if (!jobId) continue;
    jobOfTask.set(call.id, jobId);
    if (call.folder) jobOfFolder.set(call.folder, jobId);
  }
  const jobOf = (call: KlapCall): string | undefined => {
    if (call.kind === "submit") return jobIdByUrl.get(call.key);
    if (call.kind === "export") return jobOfFolder.get(call.key.split("/")[0]!);
    const [, resource, id] = call.key.split("/").filter(Boolean);
    return resource === "tasks" ? jobOfTask.get(id!) : jobOfFolder.get(id!);
  };
  const failedSave = (call: KlapCall, pick: (w: WriteEvent) => boolean): WriteResult | "none" =>
    log.writes.find((w) => w.by === call.by && w.result !== "ok" && pick(w))?.result ?? "none";

  const submits = tally(
    log.klap.filter((c) => c.kind === "submit"),
    (c) => c.key,
    (c) => savedTasks.has(c.id!),
    (c) => failedSave(c, (w) => w.taskId === c.id),
  );
  const exports = tally(
    log.klap.filter((c) => c.kind === "export"),
    (c) => c.key,
    (c) => savedExports.has(c.id!),
    (c) => failedSave(c, (w) => w.exportIds.includes(c.id!)),
  );

  const claims = byJob(log.claims);
  const violations: string[] = [];
  let staleReads = 0;
  for (const call of log.klap) {
    const jobId = jobOf(call);
    if (!jobId) continue;
    const mine = claims
      .get(jobId)
      ?.filter((c) => c.by === call.by && c.at < call.start)
      .at(-1);
    if (!mine) continue;
    const newer = claims.get(jobId)!.find((c) => c.lease > mine.lease && c.at < call.start);
    if (!newer) continue;
    if (call.kind === "read") staleReads++;
    else
      violations.push(
        `${call.by} sent a Klap ${call.kind} for job ${jobId} under superseded lease ${mine.lease}`,
      );
  }
  return { submits, exports, staleReads, violations };
}

function tally(
  calls: KlapCall[],
  keyOf: (c: KlapCall) => string,
  saved: (c: KlapCall) => boolean,
  causeOf: (c: KlapCall) => string,
): ExternalIdReport {
  const accepted = calls.filter((c) => c.status !== undefined && c.status < 300 && c.id);
  const report: ExternalIdReport = {
    accepted: accepted.length,
    unsaved: {},
    repeated: 0,
    violations: [],
  };
  const perKey = new Map<string, KlapCall[]>();
  for (const call of accepted) perKey.set(keyOf(call), [...(perKey.get(keyOf(call)) ?? []), call]);
  for (const [key, list] of perKey) {
    if (list.length > 1) report.repeated++;
    const unsaved = list.filter((c) => !saved(c));
    if (list.length - unsaved.length > 1) {
      report.violations.push(`${key}: ${list.length - unsaved.length} accepted ids saved`);
    }
    for (const call of unsaved) {
      const cause = causeOf(call);
      report.unsaved[cause] = (report.unsaved[cause] ?? 0) + 1;
      if (cause !== "unavailable") {
        report.violations.push(
          `${key}: ${call.kind} ${call.id} by ${call.by} was never saved (${cause})`,
        );
      }
    }
  }
  return report;
}

function byJob(claims: ClaimEvent[]): Map<string, ClaimEvent[]> {
  const map = new Map<string, ClaimEvent[]>();
  for (const c of [...claims].sort((a, b) => a.at - b.at)) {
    map.set(c.jobId, [...(map.get(c.jobId) ?? []), c]);
  }
  return map;
}
