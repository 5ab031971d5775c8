import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: a couple of files at a time keeps timing-sensitive tests (leases, backoff) honest.
    maxWorkers: 2,
    // Routes log one JSON line per event; show them only for failing tests.
    silent: "passed-only",
  },
});
