// The dashboard in a real browser against the whole local system as `npm run dev` runs it: the app
// built into .vercel/output and served from there, redis-server, and the Klap and QStash simulators.
// The page refreshes itself every 2 s; assertions poll what it shows, cron ticks move the jobs.
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildVercelOutput } from "../../app/build/index.js";
import { type LocalSystem, startLocalSystem } from "../../app/local/dev/local-system.js";
import { launchChromium, type TestBrowser } from "../support/browser.js";
import { driveUntil, enqueue, signIn } from "./browser-steps.js";

/** Set to refresh the README's screenshot (docs/dashboard.png) from this run. */
const UPDATE_DOCS_SCREENSHOT = Boolean(process.env.UPDATE_DOCS_SCREENSHOT);
const SEEN = { timeout: 15_000, interval: 200 };

let root: string;
let outputDir: string;
let system: LocalSystem;
/** The launch error is kept and thrown by each test, so a missing Chromium fails them, not skips. */
let launched: TestBrowser | Error;
const chromium = (): TestBrowser => {
  if (launched instanceof Error) throw launched;
  return launched;
};

beforeAll(async () => {
  launched = await launchChromium().catch((error: Error) => error);
  root = await mkdtemp(join(tmpdir(), "dashboard-e2e-"));
  ({ outputDir } = await buildVercelOutput({
    typeCheck: false,
    env: { ...process.env, VERCEL_OUTPUT_ROOT: root },
  }));
  system = await startLocalSystem({
    outputDir,
    cronIntervalSeconds: 0,
    klap: { processingMs: 300, exportMs: 200 },
    functionLogs: process.env.INFLIO_TEST_LOGS ? "inherit" : "ignore",
    env: { KLAP_POLL_INTERVAL_SECONDS: "1", RETRY_BACKOFF_BASE_MS: "200" },
  });
}, 120_000);

afterAll(async () => {
  if (launched && !(launched instanceof Error)) await launched.close();
  await system?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const count = (page: Page, state: string) => () =>
  page.locator(`[data-count="${state}"]`).textContent();
const text = (page: Page, selector: string) => () => page.locator(selector).textContent();

describe("the dashboard in a browser", () => {
  let page: Page;
  /** Script errors and console errors (a CSP violation is one) of the signed-in page. */
  const problems: string[] = [];

  test("signs in and shows the counts change as jobs run", async () => {
    page = await chromium().newPage();
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())));
    await signIn(page, system.url, system.secrets.QUEUE_API_TOKEN);
    await expect.poll(count(page, "completed"), SEEN).toBe("0");

    const ids = [await enqueue(system, "talk-1"), await enqueue(system, "talk-2")];
    await driveUntil(system, ids, "completed");
    await expect.poll(count(page, "completed"), SEEN).toBe("2");
    await expect.poll(count(page, "pending"), SEEN).toBe("0");
    await expect.poll(text(page, "#throughput"), SEEN).toContain("2 completed");

    await page.locator(".count.completed").click();
    for (const id of ids) await page.locator(`tr[data-job-id="${id}"]`).waitFor();
    await chromium().screenshot(page, "dashboard-completed");
  }, 60_000);

  test("retries a dead job from the page and watches it complete", async () => {
    chromium(); // this test goes on with the page the first one signed in
    system.klap!.failNext(1, 422); // Klap refuses the submit: not retryable, dead-lettered at once
    const id = await enqueue(system, "talk-3");
    await driveUntil(system, [id], "dead");
    await expect.poll(count(page, "dead"), SEEN).toBe("1");

    await page.locator(".count.dead").click();
    await page.locator(`tr[data-job-id="${id}"]`).click();
    await expect.poll(text(page, "#detail-status"), SEEN).toBe("dead");
    await expect.poll(text(page, "#detail-error"), SEEN).toContain("422");
    await chromium().screenshot(page, "dashboard-dead-job");

    await page.locator('#detail [data-action="retry"]').click();
    await expect.poll(text(page, "#flash"), SEEN).toContain("Retried");
    await driveUntil(system, [id], "completed");
    await expect.poll(text(page, "#detail-status"), SEEN).toBe("completed");
    await expect.poll(count(page, "dead"), SEEN).toBe("0");
    await expect.poll(count(page, "completed"), SEEN).toBe("3");
    expect(await page.locator("#detail .clips li").count()).toBeGreaterThan(0);
    await expect.poll(text(page, "#detail dl"), SEEN).toMatch(/Klap task\s*sim_task_/);
    await page.locator(".count.completed").click();
    await page.locator(`tr[data-job-id="${id}"].open`).waitFor();
    const shot = await chromium().screenshot(page, "dashboard");
    if (UPDATE_DOCS_SCREENSHOT) await copyFile(shot, "docs/dashboard.png");
    expect(problems).toEqual([]);
  }, 60_000);

  test("refuses a wrong token and keeps nothing", async () => {
    const fresh = await chromium().newPage();
    await fresh.goto(`${system.url}/dashboard`);
    await fresh.locator("#token").fill(`${system.secrets.QUEUE_API_TOKEN}-wrong`);
    await fresh.locator("#login button[type=submit]").click();
    await expect.poll(text(fresh, "#login-error"), SEEN).toBe("That token was refused.");
    expect(await fresh.locator("#board").isVisible()).toBe(false);
    expect(await fresh.evaluate(() => sessionStorage.length)).toBe(0);
    await chromium().screenshot(fresh, "dashboard-wrong-token");
    await fresh.close();
  }, 30_000);
});

describe("the dashboard in read-only mode (DASHBOARD_READ_ONLY=1)", () => {
  test("shows the mode and no action buttons", async () => {
    const browser = chromium(); // before starting a second system: fail fast without a browser
    const ro = await startLocalSystem({
      outputDir,
      cronIntervalSeconds: 0,
      klap: { processingMs: 300, exportMs: 200 },
      functionLogs: process.env.INFLIO_TEST_LOGS ? "inherit" : "ignore",
      env: { DASHBOARD_READ_ONLY: "1", KLAP_POLL_INTERVAL_SECONDS: "1" },
    });
    const page = await browser.newPage();
    try {
      const id = await enqueue(ro, "broken-fail"); // the simulator ends such a task in error
      await driveUntil(ro, [id], "dead");
      await signIn(page, ro.url, ro.secrets.QUEUE_API_TOKEN);
      await page.locator("#mode").waitFor();
      await expect.poll(count(page, "dead"), SEEN).toBe("1");
      await page.locator(".count.dead").click();
      await page.locator(`tr[data-job-id="${id}"]`).click();
      await expect.poll(text(page, "#detail-status"), SEEN).toBe("dead");
      expect(await page.locator("#detail button[data-action], #retry-all").count()).toBe(0);
      await browser.screenshot(page, "dashboard-read-only");
    } finally {
      await page.close();
      await ro.close();
    }
  }, 60_000);
});
