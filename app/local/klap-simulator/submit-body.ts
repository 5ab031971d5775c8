// Checks a `POST /tasks/video-to-shorts` body the way Klap documents it, so a client that sends
// something Klap would refuse is refused here too (400) instead of passing silently.
import { z } from "zod";
import type { SubmittedTask } from "./store.js";

const seconds = (name: string, max: number) =>
  z
    .int({ error: `${name} must be a whole number of seconds` })
    .min(1, `${name} must be at least 1`)
    .max(max, `${name} must be at most ${max}`)
    .optional();

const count = (name: string) =>
  z
    .int({ error: `${name} must be a whole number` })
    .min(1, `${name} must be at least 1`)
    .optional();

const submitSchema = z.looseObject({
  source_video_url: z.url({
    protocol: /^https?$/,
    error: "source_video_url is required and must be an http(s) URL",
  }),
  language: z.string({ error: "language must be a string" }).optional(),
  target_clip_count: count("target_clip_count"),
  max_clip_count: count("max_clip_count"),
  min_duration: seconds("min_duration", 120),
  max_duration: seconds("max_duration", 180),
  target_duration: seconds("target_duration", 120),
  editing_options: z
    .record(z.string(), z.unknown(), { error: "editing_options must be an object" })
    .optional(),
  dimensions: z
    .object(
      { width: z.int().positive(), height: z.int().positive() },
      { error: "dimensions must be {width, height}" },
    )
    .optional(),
});

export type SubmitResult = { ok: true; task: SubmittedTask } | { ok: false; error: string };

export function parseSubmitBody(text: string): SubmitResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: "the request body must be JSON" };
  }
  const parsed = submitSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((issue) => issue.message).join("; ") };
  }
  return { ok: true, task: parsed.data };
}
