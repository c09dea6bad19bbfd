/**
 * Test support: synthesize an environment's stacks once and read their JSON.
 */
import { Testing } from "cdktf";
import { EnvironmentDefinition, Environment } from "../../src/config/definition";
import { validateDefinition } from "../../src/config/validate";
import { addEnvironmentStacks } from "../../src/stacks";
import { EnvironmentStack } from "../../src/stacks/environment-stack";

/** The synthesized Terraform JSON of one stack. */
export type StackJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown[]>;
  [key: string]: unknown;
};

/** One synthesized environment. */
export interface SynthesizedEnvironment {
  readonly env: Environment;
  /** cdktf's JSON string per stack kind (for the Testing matchers). */
  readonly text: Readonly<Record<string, string>>;
  /** Parsed JSON per stack kind (`network`, `data`, ...). */
  readonly json: Readonly<Record<string, StackJson>>;
  /** The stack objects per kind. */
  readonly stacks: Readonly<Record<string, EnvironmentStack>>;
}

/** Validate and synthesize every stack of `definition` (no files written). */
export function synthEnvironment(definition: EnvironmentDefinition): SynthesizedEnvironment {
  const env = validateDefinition(definition);
  const app = Testing.app();
  const stacks = addEnvironmentStacks(app, env);
  const text: Record<string, string> = {};
  const json: Record<string, StackJson> = {};
  const byKind: Record<string, EnvironmentStack> = {};
  for (const stack of stacks) {
    text[stack.kind] = Testing.synth(stack);
    json[stack.kind] = JSON.parse(text[stack.kind]) as StackJson;
    byKind[stack.kind] = stack;
  }
  return { env, text, json, stacks: byKind };
}

/** Resources of `type` in a stack, by logical name. */
export function resources(stack: StackJson, type: string): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}

/** A deep copy of a definition with `patch` applied to it (for variants and refusals). */
export function variant(definition: EnvironmentDefinition, patch: (d: any) => void): EnvironmentDefinition {
  const copy = structuredClone(definition) as any;
  patch(copy);
  return copy as EnvironmentDefinition;
}
