// What a clip-generation job carries: validated at the route and again by the queue on enqueue.
import * as z from "zod/mini";
import "../zod-locale.js";

const httpUrl = (field: string) =>
  z
    .url({ protocol: /^https?$/, error: `${field} must be an http(s) URL` })
    .check(z.maxLength(2048, `${field} is too long`));

const count = () => z.optional(z.int().check(z.gte(1), z.lte(30)));
const seconds = (max: number) => z.optional(z.number().check(z.gte(1), z.lte(max)));

export const klapOptionsSchema = z
  .strictObject(
    {
      language: z.optional(z.string().check(z.minLength(2), z.maxLength(10))),
      targetClipCount: count(),
      maxClipCount: count(),
      minDuration: seconds(120),
      maxDuration: seconds(180),
      targetDuration: seconds(120),
      editingOptions: z.optional(
        z.record(z.string(), z.union([z.boolean(), z.string(), z.number()])),
      ),
      dimensions: z.optional(
        z.strictObject({
          width: z.int().check(z.gte(1), z.lte(4096)),
          height: z.int().check(z.gte(1), z.lte(4096)),
        }),
      ),
      /** Export only the best N clips by virality score. @default all */
      exportTop: count(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown option(s): ${issue.keys.join(", ")}`
          : undefined,
    },
  )
  .check(
    z.refine(
      (o) =>
        o.minDuration === undefined ||
        o.maxDuration === undefined ||
        o.minDuration <= o.maxDuration,
      { message: "minDuration must not exceed maxDuration", path: ["minDuration"] },
    ),
  );

export const klapJobSchema = z.object({
  videoUrl: httpUrl("videoUrl"),
  projectId: z
    .string({ error: "projectId must be a string" })
    .check(z.minLength(1, "projectId is required"), z.maxLength(200)),
  options: z.optional(klapOptionsSchema),
  /** Where the final state is POSTed (signed) when the job completes or is dead-lettered. */
  callbackUrl: z.optional(httpUrl("callbackUrl")),
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
