/**
 * Stub upstream states for the offline harness: a stack's
 * `data.terraform_remote_state.<kind>` reads a local state file holding only
 * the contract's stub outputs (see prepare-stack.ts).
 */
import { randomUUID } from "node:crypto";
import type { OutputTable } from "../../contract/output-spec";

/** One stub output value: a string, or a list of strings. */
export type StubValue = string | readonly string[];

/** Stub outputs per upstream stack kind: `{ network: { vpc_id: "vpc-..." } }`. */
export type StubOutputs = Readonly<Record<string, Readonly<Record<string, StubValue>>>>;

/** Build {@link StubOutputs} from contract tables keyed by stack kind (`{ network: NETWORK_OUTPUTS }`). */
export function stubsFromTables(tables: Readonly<Record<string, OutputTable>>): StubOutputs {
  const stubs: Record<string, Record<string, StubValue>> = {};
  for (const [kind, table] of Object.entries(tables)) {
    const outputs: Record<string, StubValue> = {};
    for (const [name, spec] of Object.entries(table)) {
      outputs[name] = spec.kind === "list" ? [...(spec.stub as readonly string[])] : (spec.stub as string);
    }
    stubs[kind] = outputs;
  }
  return stubs;
}

/**
 * A Terraform v4 state document whose only content is `outputs`, typed
 * `"string"` or `["list","string"]` — what `terraform_remote_state` reads.
 */
export function stubStateDocument(outputs: Readonly<Record<string, StubValue>>): object {
  const out: Record<string, { value: StubValue; type: unknown }> = {};
  for (const [name, value] of Object.entries(outputs)) {
    out[name] = typeof value === "string" ? { value, type: "string" } : { value: [...value], type: ["list", "string"] };
  }
  return {
    version: 4,
    terraform_version: "1.0.0",
    serial: 1,
    lineage: randomUUID(),
    outputs: out,
    resources: [],
    check_results: null,
  };
}
