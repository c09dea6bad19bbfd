/**
 * Builds the cdktf App: every selected environment, validated, becomes its
 * stacks. Used by main.ts (synthesis), the tests and the benchmark.
 */
import { App } from "cdktf";
import { EnvironmentDefinition, Environment } from "./config/definition";
import { DefinitionError } from "./config/problems";
import { validateDefinition } from "./config/validate";
import { attachGuardrails } from "./guardrails/synth-hook";
import { addEnvironmentStacks } from "./stacks";

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** Definitions to synthesize. */
  readonly definitions: readonly EnvironmentDefinition[];
  /** Only these environment names. @default every definition */
  readonly only?: readonly string[];
  /** Output directory. @default "cdktf.out" */
  readonly outdir?: string;
}

/**
 * Validate every selected definition first (all problems of all definitions
 * reported together), then build the stacks. Nothing is synthesized when any
 * definition is invalid.
 */
export function validateAll(definitions: readonly EnvironmentDefinition[], only?: readonly string[]): Environment[] {
  const selected = only && only.length > 0 ? definitions.filter((d) => only.includes(d.name)) : definitions;
  if (only && only.length > 0) {
    const unknown = only.filter((n) => !definitions.some((d) => d.name === n));
    if (unknown.length > 0) {
      throw new Error(`ENVIRONMENT names no known environment: ${unknown.join(", ")}; known: ${definitions.map((d) => d.name).join(", ")}`);
    }
  }
  const envs: Environment[] = [];
  const errors: DefinitionError[] = [];
  const names = new Set<string>();
  for (const def of selected) {
    try {
      const env = validateDefinition(def);
      if (names.has(env.name)) throw new DefinitionError(env.name, [{ path: "name", value: env.name, message: "two environments share this name" }]);
      // Both state stacks would create the same bucket: S3 refuses the second at apply.
      const sharing = envs.find((e) => e.stateBucket === env.stateBucket);
      if (sharing) throw new DefinitionError(env.name, [{ path: "stateBucket", value: env.stateBucket, message: `environment "${sharing.name}" already uses this state bucket; every environment needs its own` }]);
      names.add(env.name);
      envs.push(env);
    } catch (e) {
      if (e instanceof DefinitionError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n\n"));
  return envs;
}

/**
 * The App with the stacks of every selected environment (not yet synthesized).
 * Its `synth()` runs the guardrail rule pack over every stack written and fails
 * on any unsuppressed violation (src/guardrails/synth-hook.ts).
 */
export function buildApp(options: BuildAppOptions): { app: App; environments: Environment[] } {
  const environments = validateAll(options.definitions, options.only);
  const app = new App({ outdir: options.outdir ?? "cdktf.out", skipValidation: false });
  attachGuardrails(app);
  for (const env of environments) addEnvironmentStacks(app, env);
  return { app, environments };
}
