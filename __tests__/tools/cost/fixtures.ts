/**
 * Small hand-written stacks for the cost tests: only the arguments the
 * pricers read, in the shape cdktf synthesizes them.
 */
import { Body, TerraformJson } from "../../../src/synthesized/terraform-json";

/** A stack in `region` with `resources` (type → name → arguments). */
export function stack(region: string, resources: Record<string, Record<string, Body>>, extraProviders: { alias: string; region: string }[] = []): TerraformJson {
  return { provider: { aws: [{ region }, ...extraProviders] }, resource: resources };
}

/** Two subnets in two AZs of Seoul (the ALB's public addresses are counted per AZ). */
export const SEOUL_SUBNETS = {
  aws_subnet: {
    "vpc_public-a": { availability_zone: "ap-northeast-2a" },
    "vpc_public-c": { availability_zone: "ap-northeast-2c" },
  },
};
