// What the dashboard hides from a payload before showing it.
import { describe, expect, test } from "vitest";
import { originAndPath, REDACTED, redact } from "../../app/dashboard/redact.js";

describe("redact", () => {
  test("hides values under token, secret, key, password and authorization keys, at any depth", () => {
    const out = redact({
      a: { Authorization: "Bearer x", list: [{ PASSWORD: "p", keep: 1 }] },
      apiKey: { nested: "whole object hidden" },
      clientSecret: 7,
      sessionToken: null,
      projectId: "proj_1",
    });
    expect(out).toEqual({
      a: { Authorization: REDACTED, list: [{ PASSWORD: REDACTED, keep: 1 }] },
      apiKey: REDACTED,
      clientSecret: REDACTED,
      sessionToken: REDACTED,
      projectId: "proj_1",
    });
  });

  test("leaves the input untouched", () => {
    const input = { token: "t", nested: { secret: "s" } };
    redact(input);
    expect(input).toEqual({ token: "t", nested: { secret: "s" } });
  });

  test("cuts callback and video URLs to origin and path, credentials and fragment included", () => {
    expect(originAndPath("https://u:p@cdn.example.com:8443/a/b.mp4?sig=1&exp=2#x")).toBe(
      "https://cdn.example.com:8443/a/b.mp4",
    );
    expect(redact({ videoUrl: "http://x.test/v.mp4?t=1", otherUrl: "http://x.test/?t=1" })).toEqual(
      { videoUrl: "http://x.test/v.mp4", otherUrl: "http://x.test/?t=1" },
    );
  });

  test("hides a URL it cannot parse rather than echo it", () => {
    expect(redact({ callbackUrl: "not a url ?token=1" })).toEqual({ callbackUrl: REDACTED });
  });

  test("stops at a depth limit", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 20; i++) deep = { level: deep };
    expect(JSON.stringify(redact(deep))).not.toContain("bottom");
  });
});
