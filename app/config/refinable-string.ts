// Infra builds stack-config keys from env fields with classic zod's `.refine()` and `.optional()`
// (infra/config/stack-config.ts). zod/mini schemas have neither, so the env schema's required
// strings carry those two, built from zod/mini. Drop this once infra uses
// `z.optional(field.check(z.refine(…)))`, which works on any zod schema.
import * as z from "zod/mini";

export interface RefinableString extends z.ZodMiniString<string> {
  /** Classic zod's `.refine()`: the same field plus one check. */
  refine(
    check: (value: string) => unknown,
    params?: string | z.core.$ZodCustomParams,
  ): RefinableString;
  /** Classic zod's `.optional()`. */
  optional(): z.ZodMiniOptional<RefinableString>;
}

export function refinableString(schema: z.ZodMiniString<string>): RefinableString {
  const field = schema as RefinableString;
  field.refine = (check, params) => refinableString(schema.check(z.refine(check, params)));
  field.optional = () => z.optional(field);
  return field;
}
