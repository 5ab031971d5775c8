// Shapes of Klap's request and response bodies. Responses are checked only for the fields we use;
// everything else passes through untouched, so new Klap fields never break a parse.
import * as z from "zod/mini";
import "../zod-locale.js";

const id = z.string({ error: "id is required" }).check(z.minLength(1, "id must not be empty"));

/** Task object: `POST /tasks/video-to-shorts`, `GET /tasks/{id}`. */
export const klapTaskSchema = z.looseObject({
  id,
  status: z.string({ error: "status is required" }),
  output_type: z.nullish(z.string()),
  /** Folder id for video-to-shorts; the folder holds one project per clip. */
  output_id: z.nullish(z.string()),
});
export type KlapTask = z.infer<typeof klapTaskSchema>;

/** Project object (one generated short), as listed by `GET /projects/{folder_id}`. */
export const klapClipSchema = z.looseObject({
  id,
  name: z.nullish(z.string()),
  folder_id: z.nullish(z.string()),
  virality_score: z.nullish(z.number()),
  virality_score_explanation: z.nullish(z.string()),
});
export type KlapClip = z.infer<typeof klapClipSchema>;

export const klapClipListSchema = z.array(klapClipSchema);

/** Export object: `src_url` stays null until the rendered file exists. */
export const klapExportSchema = z.looseObject({
  id,
  status: z.string({ error: "status is required" }),
  src_url: z.nullish(z.string()),
  project_id: z.nullish(z.string()),
});
export type KlapExport = z.infer<typeof klapExportSchema>;

/** Body of `POST /tasks/video-to-shorts`; Klap applies its own defaults to what is left out. */
export interface VideoToShortsInput {
  /** Public http(s) URL of the long video. */
  source_video_url: string;
  /** Language of the video, e.g. `en`; auto-detected when omitted. */
  language?: string;
  target_clip_count?: number;
  max_clip_count?: number;
  /** Seconds, 1–120. */
  min_duration?: number;
  /** Seconds, 1–180. */
  max_duration?: number;
  /** Seconds, 1–120. */
  target_duration?: number;
  editing_options?: {
    captions?: boolean;
    reframe?: boolean;
    emojis?: boolean;
    intro_title?: boolean;
    remove_silences?: boolean;
    [option: string]: unknown;
  };
  dimensions?: { width: number; height: number };
}
