// Builds one job's detail from the API's answer: state, attempts, steps, last error, Klap task,
// clips, the redacted payload and the actions. Sent to the browser as source: browser globals only.
import type { JobDetail } from "../job-view.js";
import type { DashboardKit } from "./kit.js";

export type JobAction = "retry" | "cancel" | "delete";

export function dashboardDetail(kit: DashboardKit) {
  const { el, clock, button } = kit;
  const STEPS = ["submit", "poll", "clips", "export", "export-poll"];
  const TERMINAL = ["completed", "dead", "cancelled"];

  function detail(
    job: JobDetail,
    readOnly: boolean,
    act: (a: JobAction) => void,
    close: () => void,
  ) {
    const terminal = TERMINAL.includes(job.status);
    const at = STEPS.indexOf(job.step ?? "submit");
    const field = (name: string, value: string | number) => [
      el("dt", {}, name),
      el("dd", {}, value),
    ];
    return [
      el(
        "div",
        { class: "detail-head" },
        el("h2", {}, "Job ", el("span", { class: "mono" }, job.id)),
        button("×", { id: "close-detail", "aria-label": "Close" }, close),
      ),
      el(
        "p",
        { class: "actions" },
        el("span", { class: `badge ${job.status}`, id: "detail-status" }, job.status),
        !readOnly &&
          job.status === "dead" &&
          button("Retry", { "data-action": "retry", class: "action" }, () => act("retry")),
        !readOnly &&
          !terminal &&
          button("Cancel", { "data-action": "cancel" }, () => act("cancel")),
        !readOnly &&
          terminal &&
          button("Delete", { "data-action": "delete", class: "danger" }, () => act("delete")),
      ),
      el(
        "dl",
        {},
        field("Project", job.projectId ?? "—"),
        field("Priority", job.priority),
        field("Attempts", `${job.attempts} of ${job.maxAttempts} (${job.runs} runs)`),
        field("Progress", `${job.progress}%`),
        field("Klap task", job.klapTaskId ?? "—"),
        field("Created", clock(job.createdAt)),
        field("Finished", clock(job.finishedAt)),
        job.runAt !== null && field("Next run", clock(job.runAt)),
        job.idempotencyKey !== null && field("Idempotency key", job.idempotencyKey),
      ),
      el("h3", {}, "Steps"),
      el(
        "ol",
        { class: "steps" },
        STEPS.map((s, i) => el("li", { class: stepClass(job.status, i, at) }, s)),
      ),
      job.error && [
        el("h3", {}, "Last error"),
        el("pre", { class: "error", id: "detail-error" }, job.error),
      ],
      el("h3", {}, `Clips (${job.clips.length})`),
      el(
        "ul",
        { class: "clips" },
        job.clips.map((c) =>
          el(
            "li",
            {},
            c.name ?? c.id,
            c.viralityScore !== null && ` · score ${c.viralityScore}`,
            kit.safeHref(c.exportUrl) && [
              " · ",
              el("a", { href: kit.safeHref(c.exportUrl), rel: "noreferrer" }, "export"),
            ],
          ),
        ),
      ),
      el("h3", {}, "Payload"),
      el("pre", { id: "detail-payload" }, JSON.stringify(job.payload, null, 2)),
    ];
  }

  /** Steps before the saved one are done; the saved one is where the job stands, or where it died. */
  function stepClass(status: string, i: number, at: number): string {
    if (status === "completed" || i < at) return "done";
    if (i > at) return "";
    return status === "dead" ? "failed" : status === "cancelled" ? "" : "current";
  }

  return { detail };
}

export type DashboardDetail = ReturnType<typeof dashboardDetail>;
