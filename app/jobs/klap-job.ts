// What a clip-generation job carries: validated at the route and again by the queue on enqueue.
import { z } from "zod";

const httpUrl = (field: string) =>
  z
    .url({ protocol: /^https?$/, error: `${field} must be an http(s) URL` })
    .max(2048, `${field} is too long`);

export const klapOptionsSchema = z
  .strictObject(
    {
      language: z.string().min(2).max(10).optional(),
      targetClipCount: z.int().min(1).max(30).optional(),
      maxClipCount: z.int().min(1).max(30).optional(),
      minDuration: z.number().min(1).max(120).optional(),
      maxDuration: z.number().min(1).max(180).optional(),
      targetDuration: z.number().min(1).max(120).optional(),
      editingOptions: z
        .record(z.string(), z.union([z.boolean(), z.string(), z.number()]))
        .optional(),
      dimensions: z
        .strictObject({ width: z.int().min(1).max(4096), height: z.int().min(1).max(4096) })
        .optional(),
      /** Export only the best N clips by virality score. @default all */
      exportTop: z.int().min(1).max(30).optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown option(s): ${issue.keys.join(", ")}`
          : undefined,
    },
  )
  .refine(
    (o) =>
      o.minDuration === undefined || o.maxDuration === undefined || o.minDuration <= o.maxDuration,
    {
      message: "minDuration must not exceed maxDuration",
      path: ["minDuration"],
    },
  );

export const klapJobSchema = z.object({
  videoUrl: httpUrl("videoUrl"),
  projectId: z
    .string({ error: "projectId must be a string" })
    .min(1, "projectId is required")
    .max(200),
  options: klapOptionsSchema.optional(),
  /** Where the final state is POSTed (signed) when the job completes or is dead-lettered. */
  callbackUrl: httpUrl("callbackUrl").optional(),
});
export type KlapJobPayload = z.infer<typeof klapJobSchema>;

/** What a completed job's `result` holds. */
export interface KlapJobResult {
  taskId: string;
  folderId: string;
  clips: {
    id: string;
    name: string | null;
    viralityScore: number | null;
    viralityScoreExplanation: string | null;
    exportUrl: string;
  }[];
}

/** Step state saved on the job between invocations. */
export interface KlapJobState {
  taskId?: string;
  folderId?: string;
  clips?: {
    id: string;
    name: string | null;
    viralityScore: number | null;
    viralityScoreExplanation: string | null;
  }[];
  /** clip id → export id and, once rendered, its URL. */
  exports?: Record<string, { exportId: string; srcUrl?: string }>;
  [key: string]: unknown;
}
