// Builds the list side of the dashboard from API answers: the count cards (which double as state
// tabs) and a page of jobs. Sent to the browser as source (see script.ts): browser globals only.
import type { QueueStats } from "../../queue/index.js";
import type { JobPage } from "../api.js";
import type { DashboardKit } from "./kit.js";

export function dashboardViews(kit: DashboardKit) {
  const { el, clock, time, button } = kit;
  const STATES = ["pending", "active", "delayed", "dead", "completed", "cancelled"] as const;

  function counts(stats: QueueStats, selected: string, select: (state: string) => void) {
    const { high, normal, low, total } = stats.pending;
    return STATES.map((state) =>
      el(
        "button",
        {
          type: "button",
          class: `count ${state}`,
          "aria-pressed": String(state === selected),
          onclick: () => select(state),
        },
        el("span", {}, state),
        el("strong", { "data-count": state }, state === "pending" ? total : stats[state]),
        state === "pending" && el("small", {}, `high ${high} · normal ${normal} · low ${low}`),
      ),
    );
  }

  interface ListActions {
    open(id: string): void;
    page(offset: number): void;
    retryAll(): void;
  }

  function jobs(page: JobPage, openId: string | null, readOnly: boolean, on: ListActions) {
    const end = page.offset + page.jobs.length;
    const bulk =
      page.status === "dead" && !readOnly && page.total > 0
        ? button("Retry all dead", { id: "retry-all", class: "action" }, on.retryAll)
        : null;
    if (page.jobs.length === 0) return [el("p", { class: "empty" }, `No ${page.status} jobs.`)];
    const head = ["Job", "Project", "Priority", "Attempts", "Step", "Updated", "Last error"];
    const rows = page.jobs.map((j) =>
      el(
        "tr",
        { "data-job-id": j.id, class: j.id === openId ? "open" : "", onclick: () => on.open(j.id) },
        el("td", { class: "mono" }, j.id.slice(0, 8)),
        el("td", {}, j.projectId ?? "—"),
        el("td", {}, j.priority),
        el("td", {}, `${j.attempts}/${j.maxAttempts}`),
        el("td", {}, `${j.step ?? "—"} · ${j.progress}%`),
        el("td", { title: clock(j.updatedAt) }, time(j.updatedAt)),
        el("td", { class: "error", title: j.error ?? "" }, j.error ?? ""),
      ),
    );
    return [
      el(
        "table",
        {},
        el(
          "thead",
          {},
          el(
            "tr",
            {},
            head.map((h) => el("th", {}, h)),
          ),
        ),
        el("tbody", {}, rows),
      ),
      el(
        "div",
        { class: "pager" },
        button("‹ Prev", { id: "prev", disabled: page.offset === 0 }, () =>
          on.page(Math.max(0, page.offset - page.limit)),
        ),
        el("span", { id: "range" }, `${page.offset + 1}–${end} of ${page.total}`),
        button("Next ›", { id: "next", disabled: end >= page.total }, () => on.page(end)),
        bulk,
      ),
    ];
  }

  return { counts, jobs };
}

export type DashboardViews = ReturnType<typeof dashboardViews>;
