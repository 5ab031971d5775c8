// Debian's chromium driven by playwright-core, headless, with a fresh profile per launch. A missing
// browser fails the test with the command that installs it: a browser test is never skipped.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";
/** Screenshots of browser tests land here (git-ignored). */
export const ARTIFACTS_DIR = "test/artifacts";

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Saves a PNG of `page` as `test/artifacts/<name>.png` and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install it with ` +
        "`apt-get install -y chromium` (bash .ci/run installs it when it is missing).",
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 720 },
    deviceScaleFactor: 1,
    locale: "en-GB",
    timezoneId: "UTC",
  });
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  return {
    context,
    newPage: () => context.newPage(),
    async screenshot(page, name) {
      const path = join(ARTIFACTS_DIR, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
