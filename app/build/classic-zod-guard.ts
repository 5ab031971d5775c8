// The function bundle takes zod/mini only. Classic zod hangs every method on every schema, so one
// classic import brings in all of it (about 97 KB against a 250 KB budget), where zod/mini shakes
// down to what is used. This fails the build; esbuild's error names the importing file and line.
// app/local and app/build are not bundled and may keep classic zod; type-only imports never
// resolve, so they pass.
import type { Plugin } from "esbuild";

const CLASSIC_ZOD = /^zod(\/v[34])?$/;

export const classicZodGuard: Plugin = {
  name: "classic-zod-guard",
  setup(build) {
    build.onResolve({ filter: CLASSIC_ZOD }, (args) => ({
      errors: [
        {
          text: `classic zod ("${args.path}") must stay out of the function bundle; import * as z from "zod/mini"`,
        },
      ],
    }));
  },
};
