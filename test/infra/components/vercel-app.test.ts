import { describe, expect, test } from "vitest";
import {
  productionDomain,
  projectArgs,
  revisionDigest,
} from "../../../infra/components/vercel-app.js";

describe("productionDomain", () => {
  test("is <project>.vercel.app when Vercel could assign it", () => {
    const domains = ["app-team.vercel.app", "app.vercel.app", "app-git-main-team.vercel.app"];
    expect(productionDomain("app", domains, "app-abc123-team.vercel.app")).toBe("app.vercel.app");
  });

  test("is the shortest vercel.app alias when the name was taken", () => {
    const domains = ["app-git-main-team.vercel.app", "app-team.vercel.app", "custom.example.com"];
    expect(productionDomain("app", domains, "app-abc123-team.vercel.app")).toBe(
      "app-team.vercel.app",
    );
  });

  test("falls back to the deployment's own URL", () => {
    expect(productionDomain("app", [], "app-abc123-team.vercel.app")).toBe(
      "app-abc123-team.vercel.app",
    );
  });
});

describe("projectArgs", () => {
  test("exposes system env vars and pins the function region", () => {
    expect(projectArgs("inflio-jobs-dev", "fra1", false)).toEqual({
      name: "inflio-jobs-dev",
      automaticallyExposeSystemEnvironmentVariables: true,
      vercelAuthentication: { deploymentType: "none" },
      resourceConfig: { functionDefaultRegions: ["fra1"] },
    });
  });

  test("turns on Standard Protection when asked", () => {
    expect(projectArgs("p", "iad1", true).vercelAuthentication).toEqual({
      deploymentType: "standardProtectionNew",
    });
  });
});

describe("revisionDigest", () => {
  test("changes when any value changes and ignores key order", () => {
    const a = revisionDigest({ A: "1", B: "2" });
    expect(revisionDigest({ B: "2", A: "1" })).toBe(a);
    expect(revisionDigest({ A: "1", B: "3" })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
});
