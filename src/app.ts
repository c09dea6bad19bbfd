/**
 * Builds the cdktf App: every selected environment, validated, becomes its
 * stacks. Used by main.ts (synthesis), the tests and the benchmark.
 */
import { App } from "cdktf";
import { EnvironmentDefinition, Environment } from "./config/definition";
import { checkEnvironmentClashes } from "./config/environment-clashes";
import { DefinitionError } from "./config/problems";
import { validateDefinition } from "./config/validate";
import { attachGuardrails } from "./guardrails-hook";
import { addEnvironmentStacks } from "./stacks";

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** Definitions to synthesize. */
  readonly definitions: readonly EnvironmentDefinition[];
  /** Only these environment names. @default every definition */
  readonly only?: readonly string[];
  /** Output directory. @default "cdktf.out" */
  readonly outdir?: string;
  /** The presets: their SSH keys count as placeholders in any environment. @default none */
  readonly presets?: readonly EnvironmentDefinition[];
  /** Where warnings go (placeholder values, overlapping VPCs). @default - process.stderr */
  readonly warn?: (line: string) => void;
}

/** Options of {@link validateAll}. */
export interface ValidateAllOptions {
  /** The presets: their SSH keys count as placeholders in any environment. @default none */
  readonly presets?: readonly EnvironmentDefinition[];
  /** Where warnings go. @default - process.stderr */
  readonly warn?: (line: string) => void;
}

/**
 * Validate every selected definition first (all problems of all definitions
 * reported together, clashes between environments included: the same name,
 * state bucket, or domain in one account), then build the stacks. Nothing is
 * synthesized when any definition is invalid. Warnings (placeholder values,
 * overlapping VPCs) go to `options.warn`.
 */
export function validateAll(definitions: readonly EnvironmentDefinition[], only?: readonly string[], options: ValidateAllOptions = {}): Environment[] {
  const nameOf = (d: unknown) => (typeof (d as { name?: unknown })?.name === "string" ? (d as { name: string }).name : "");
  const known = definitions.map(nameOf).filter((n) => n !== "");
  if (definitions.length === 0) {
    throw new Error("no environment is registered: add a definition to DEFINITIONS in src/environments/index.ts (npm run new-env -- <name> --from <preset>)");
  }
  const selected = only && only.length > 0 ? definitions.filter((d) => only.includes(nameOf(d))) : definitions;
  if (only && only.length > 0) {
    const unknown = only.filter((n) => !known.includes(n));
    if (unknown.length > 0) {
      throw new Error(`ENVIRONMENT names no registered environment: ${unknown.map((n) => JSON.stringify(n)).join(", ")}; registered: ${known.join(", ") || "(none with a name)"}`);
    }
  }
  const clashes = checkEnvironmentClashes({ definitions, ...(only && only.length > 0 ? { selected: only } : {}), presets: options.presets ?? [] });
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const envs: Environment[] = [];
  const errors: DefinitionError[] = [];
  definitions.forEach((def, index) => {
    if (!selected.includes(def)) return;
    const name = nameOf(def);
    const clash = clashes.problems.get(index) ?? [];
    try {
      const env = validateDefinition(def, name === "" ? `definition #${index + 1} (no name)` : undefined);
      if (clash.length > 0) throw new DefinitionError(name, clash);
      envs.push(env);
    } catch (e) {
      if (!(e instanceof DefinitionError)) throw e;
      errors.push(clash.length > 0 && !e.problems.some((p) => clash.includes(p)) ? new DefinitionError(e.source, [...e.problems, ...clash]) : e);
    }
  });
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n\n"));
  for (const w of clashes.warnings) warn(w);
  return envs;
}

/**
 * The App with the stacks of every selected environment (not yet synthesized).
 * Its `synth()` runs the guardrail rule pack over every stack written and fails
 * on any unsuppressed violation (src/guardrails-hook.ts).
 */
export function buildApp(options: BuildAppOptions): { app: App; environments: Environment[] } {
  const environments = validateAll(options.definitions, options.only, {
    ...(options.presets ? { presets: options.presets } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  });
  const app = new App({ outdir: options.outdir ?? "cdktf.out", skipValidation: false });
  attachGuardrails(app);
  for (const env of environments) addEnvironmentStacks(app, env);
  return { app, environments };
}
