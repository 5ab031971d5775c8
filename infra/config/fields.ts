// Building blocks for the stack-config schema. Config values reach the program as strings (objects
// as JSON); each builder turns one into a typed value or an issue worded for the person who set it.
import { z } from "zod";

export const show = (value: unknown) => JSON.stringify(value);

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, {
    error: (issue) => `${show(issue.input)} is not ${what}; use one of ${values.join(", ")}`,
  });

export const bool = z
  .enum(["true", "false"], { error: (issue) => `${show(issue.input)} must be true or false` })
  .transform((value) => value === "true");

export const integer = (min: number, max: number, unit: string) =>
  z.unknown().transform((input, ctx) => {
    const n = typeof input === "string" && input.trim() !== "" ? Number(input) : input;
    if (typeof n === "number" && Number.isInteger(n) && n >= min && n <= max) return n;
    ctx.addIssue({
      code: "custom",
      message: `must be a whole number from ${min} to ${max} ${unit}, got ${show(input)}`,
    });
    return z.NEVER;
  });

/** Structured values (lists, objects) reach the program as JSON text. */
export const json = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }, schema);

/**
 * A key that becomes an app env var, checked by the app's own field (classic zod or zod/mini: only
 * `z.safeParse` touches it), including the field's default when unset; `also` adds a rule of ours.
 */
export const appField = <S extends z.core.$ZodType>(
  field: S,
  also?: (value: z.output<S>) => string | undefined,
) =>
  z
    .string()
    .optional()
    .transform((input, ctx) => checked(field, input, ctx, also));

/** A secret app field; unset stays unset (it is reported before parsing, with the fix). */
export const secretField = <S extends z.core.$ZodType>(
  field: S,
  also?: (value: z.output<S>) => string | undefined,
) =>
  z
    .string()
    .optional()
    .transform((input, ctx) =>
      input === undefined ? undefined : checked(field, input, ctx, also),
    );

function checked<S extends z.core.$ZodType>(
  field: S,
  input: string | undefined,
  ctx: z.core.$RefinementCtx,
  also?: (value: z.output<S>) => string | undefined,
): z.output<S> {
  const result = z.safeParse(field, input);
  const problem = result.success ? also?.(result.data) : undefined;
  if (result.success && problem === undefined) return result.data;
  const messages = result.success ? [problem!] : result.error.issues.map((i) => i.message);
  for (const message of messages) ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

export const signingKey = (value: string) =>
  value.startsWith("sig_")
    ? undefined
    : "must be a QStash signing key (sig_…), from the console's Signing Keys";
