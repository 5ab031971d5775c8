import { describe, expect, test } from "vitest";
import { describeTaskStatus, normalizeTaskStatus } from "../../app/klap/status.js";

describe("normalizeTaskStatus", () => {
  test.each([
    ["processing", "processing"],
    ["ready", "ready"],
    ["error", "error"],
  ] as const)("reads the endpoint-page family: %s -> %s", (raw, state) => {
    expect(normalizeTaskStatus(raw)).toBe(state);
  });

  test.each([
    ["pending", "processing"],
    ["in_progress", "processing"],
    ["completed", "ready"],
    ["failed", "error"],
  ] as const)("reads the object-formats family: %s -> %s", (raw, state) => {
    expect(normalizeTaskStatus(raw)).toBe(state);
  });

  test.each(["READY", "Completed", " in-progress ", "In Progress", "FAILED"])(
    "ignores case, spaces and dashes: %j",
    (raw) => {
      expect(describeTaskStatus(raw).known).toBe(true);
    },
  );

  test("treats an unknown name as still processing and keeps the raw value", () => {
    expect(normalizeTaskStatus("rendering_v3")).toBe("processing");
    expect(describeTaskStatus("Rendering_V3")).toEqual({
      state: "processing",
      raw: "Rendering_V3",
      known: false,
    });
  });

  test("keeps the raw value of known names too", () => {
    expect(describeTaskStatus("COMPLETED")).toEqual({
      state: "ready",
      raw: "COMPLETED",
      known: true,
    });
  });
});
