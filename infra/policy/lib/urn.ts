// URNs read `urn:pulumi:<stack>::<project>::<type>::<name>`; the stack is how a policy knows it is
// looking at prod, since @pulumi/policy hands policies neither the stack name nor its config.

/** The stack name inside a resource URN, or `undefined` when `urn` is not a Pulumi URN. */
export function stackOfUrn(urn: string): string | undefined {
  const match = /^urn:pulumi:([^:]+)::/.exec(urn);
  return match?.[1];
}
