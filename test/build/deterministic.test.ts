import { afterAll, expect, test } from "vitest";
import { buildVercelOutput } from "../../app/build/build-vercel-output.js";
import { removeTempRoots, sha1Tree, tempRoot } from "./helpers.js";

afterAll(removeTempRoots);

test("two builds into different roots give byte-identical trees", async () => {
  const trees = [];
  for (const root of [await tempRoot("build-a-"), await tempRoot("build-b-")]) {
    const { outputDir } = await buildVercelOutput({
      env: { VERCEL_OUTPUT_ROOT: root },
      typeCheck: false,
    });
    trees.push(await sha1Tree(outputDir));
  }
  const [first, second] = trees;
  expect(Object.keys(first!).length).toBe(7);
  expect(second).toEqual(first);
});

test("rebuilding in place gives the same tree", async () => {
  const root = await tempRoot();
  const env = { VERCEL_OUTPUT_ROOT: root };
  const before = await sha1Tree((await buildVercelOutput({ env, typeCheck: false })).outputDir);
  const after = await sha1Tree((await buildVercelOutput({ env, typeCheck: false })).outputDir);
  expect(after).toEqual(before);
});
