// Regions the two platforms accept, and which Vercel region sits next to each Upstash region.

/** Upstash primary and read regions for a `global` database (the provider's schema lists these). */
export const UPSTASH_REGIONS = [
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "eu-central-1",
  "eu-west-1",
  "sa-east-1",
  "ap-southeast-1",
  "ap-southeast-2",
] as const;
export type UpstashRegion = (typeof UPSTASH_REGIONS)[number];

/** Vercel's compute regions (vercel.com/docs/regions). */
export const VERCEL_REGIONS = [
  "arn1",
  "bom1",
  "cdg1",
  "cle1",
  "cpt1",
  "dub1",
  "dxb1",
  "fra1",
  "gru1",
  "hkg1",
  "hnd1",
  "iad1",
  "icn1",
  "kix1",
  "lhr1",
  "pdx1",
  "sfo1",
  "sin1",
  "syd1",
  "yul1",
] as const;
export type VercelRegion = (typeof VERCEL_REGIONS)[number];

/** The Vercel region in the same AWS region as each Upstash region, so a Redis call stays local. */
export const VERCEL_REGION_NEAR: Record<UpstashRegion, VercelRegion> = {
  "us-east-1": "iad1",
  "us-west-1": "sfo1",
  "us-west-2": "pdx1",
  "eu-central-1": "fra1",
  "eu-west-1": "dub1",
  "sa-east-1": "gru1",
  "ap-southeast-1": "sin1",
  "ap-southeast-2": "syd1",
};
