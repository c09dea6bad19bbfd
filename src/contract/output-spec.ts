/**
 * The remote-state contract: what crosses a stack boundary.
 *
 * Every value one stack hands to another is a Terraform output with a stable
 * snake_case name and a description an operator can read in a plan. Each stack
 * declares its outputs once, as a table of {@link OutputSpec}s; the producer
 * publishes them with {@link publishOutputs} (the compiler insists every declared
 * output gets a value) and consumers read them through `RemoteStateReader`
 * (src/contract/remote-state.ts), typed by the same table.
 *
 * We do not use cdktf's automatic cross-stack references: they generate
 * `cross-stack-output-*` names marked sensitive, which nobody can review.
 */
import { TerraformOutput, TerraformStack } from "cdktf";

/** The shape of one output value. */
export type OutputKind = "string" | "list";

/** One declared output of a stack. */
export interface OutputSpec {
  /** Shown in `terraform output` and in plans; say what it is and who uses it. */
  readonly description: string;
  /** `string` or `list` (of strings). */
  readonly kind: OutputKind;
  /**
   * A plausible value used only by the offline test harness, which writes a
   * stub upstream state so downstream stacks can be planned without AWS.
   * Must be syntactically valid for where it is used (a CIDR where a CIDR is
   * expected, an ARN where an ARN is validated).
   */
  readonly stub: string | readonly string[];
}

/** A stack's output table: output name → spec. */
export type OutputTable = Readonly<Record<string, OutputSpec>>;

/** The TypeScript values of a table: strings for `string`, string[] for `list`. */
export type OutputValues<T extends OutputTable> = {
  readonly [K in keyof T]: T[K]["kind"] extends "list" ? string[] : string;
};

/**
 * Declare a table with literal kinds preserved, so `OutputValues` can map it.
 * Also checks the snake_case naming rule at load time.
 */
export function defineOutputs<const T extends Record<string, OutputSpec>>(table: T): T {
  for (const name of Object.keys(table)) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      throw new Error(`output name "${name}" must be snake_case (a-z, 0-9, _)`);
    }
  }
  return table;
}

/**
 * Publish every output of `table` from `stack`. The logical id of each output
 * is its contract name, so the synthesized JSON has `output.<name>`.
 */
export function publishOutputs<T extends OutputTable>(
  stack: TerraformStack,
  table: T,
  values: OutputValues<T>,
): void {
  for (const [name, spec] of Object.entries(table)) {
    const value = (values as Record<string, unknown>)[name];
    if (value === undefined) {
      throw new Error(`stack ${stack.node.id}: contract output "${name}" has no value`);
    }
    new TerraformOutput(stack, name, {
      value,
      description: spec.description,
      staticId: true,
    });
  }
}
