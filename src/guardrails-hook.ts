/**
 * Runs the guardrail pack on every synthesis of an App built by `buildApp`.
 *
 * Why an App-level validation: cdktf's `App.synth()` writes each stack's
 * `cdk.tf.json`, then runs the App's validations, then writes `manifest.json`
 * (the file `cdktf deploy` reads to find the stacks). A validation registered on
 * the App therefore sees every stack of every environment at once — needed to
 * resolve cross-stack references (an ALB in `compute`, its WAF association in
 * `edge`) and to report all violations together — and fails before the manifest
 * exists. It reads the JSON cdktf just wrote instead of calling `toTerraform()`
 * a second time (that would double the cost of synthesis: ~0.4 s for the four
 * presets, against ~10 ms to read the files back).
 *
 * On violations it throws {@link GuardrailViolationError} out of `app.synth()`
 * (main.ts prints it and exits 1) and removes a manifest left by an earlier
 * synthesis, so `cdktf deploy --skip-synth` cannot pick up the refused JSON.
 * The stacks' JSON stays on disk for inspection. Suppressions that matched
 * nothing are warned about on stderr; they never fail synthesis. Like every
 * cdktf validation it is skipped by an App created with `skipValidation: true`
 * (buildApp never does).
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { EnvironmentStack } from "./stacks/environment-stack";
import { definitionAnswers } from "./guardrails/answers";
import { EnvironmentResult, Suppression, checkEnvironment } from "./guardrails/check";
import { SynthesizedStack } from "./synthesized/stack";
import { GuardrailViolationError, formatUnused } from "./guardrails/report";

/** Options of {@link attachGuardrails}. */
export interface GuardrailHookOptions {
  /** Where warnings go (unused suppressions). @default - process.stderr */
  readonly warn?: (line: string) => void;
  /** Receives the results and the time the pack took, after every run. @default - nothing */
  readonly onResults?: (results: readonly EnvironmentResult[], milliseconds: number) => void;
}

/** One environment's synthesized stacks and its suppressions. */
export interface SynthesizedEnvironment {
  readonly environment: string;
  readonly stacks: SynthesizedStack[];
  /** `guardrails.suppressions` of its definition. */
  readonly suppressions: readonly Suppression[];
  /** Rules its definition's choices answer (src/guardrails/answers.ts). */
  readonly answers: readonly Suppression[];
}

/** The synthesized stacks of `app`, per environment, read from its output directory. */
export function synthesizedEnvironments(app: App): SynthesizedEnvironment[] {
  const byEnvironment = new Map<string, SynthesizedEnvironment>();
  for (const construct of app.node.findAll()) {
    if (!(construct instanceof EnvironmentStack)) continue;
    const file = join(app.outdir, app.manifest.forStack(construct).synthesizedStackPath);
    const stack: SynthesizedStack = { kind: construct.kind, name: construct.node.id, json: JSON.parse(readFileSync(file, "utf8")) };
    const entry = byEnvironment.get(construct.env.name);
    if (entry) entry.stacks.push(stack);
    else byEnvironment.set(construct.env.name, {
          environment: construct.env.name,
          stacks: [stack],
          suppressions: construct.env.guardrails?.suppressions ?? [],
          answers: definitionAnswers(construct.env),
        });
  }
  return [...byEnvironment.values()];
}

/** Run the pack over everything `app` synthesized; throws on any unsuppressed violation. */
export function enforceGuardrails(app: App, options: GuardrailHookOptions = {}): readonly EnvironmentResult[] {
  const started = performance.now();
  const results = synthesizedEnvironments(app).map((e) => checkEnvironment(e));
  options.onResults?.(results, performance.now() - started);
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (const r of results) for (const line of formatUnused(r.environment, r.unused)) warn(line);
  if (results.some((r) => r.violations.length > 0)) {
    const manifest = join(app.outdir, "manifest.json");
    if (existsSync(manifest)) rmSync(manifest);
    throw new GuardrailViolationError(results);
  }
  return results;
}

/**
 * Make every `app.synth()` run the guardrail pack after the stacks are written
 * and before the manifest is (see the module comment).
 */
export function attachGuardrails(app: App, options: GuardrailHookOptions = {}): void {
  app.node.addValidation({
    validate: () => {
      enforceGuardrails(app, options);
      return [];
    },
  });
}
