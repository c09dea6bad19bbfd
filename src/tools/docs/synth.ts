/**
 * Synthesize one environment in-process, into a temporary directory
 * (src/synthesized/load.ts), and read back what the generated docs and the
 * tools need: every stack's Terraform JSON and the deployment order. The one
 * in-process synthesizer of the tools (the reachability matrix and the cost
 * estimate read its `stacks` through src/tools/reach/load.ts).
 */
import { buildApp } from "../../app";
import { EnvironmentDefinition } from "../../config/definition";
import { byName, inTemporaryOutdir, readOutdir } from "../../synthesized/load";
import { dependencyOrder } from "../../synthesized/order";
import { SynthesizedStacks } from "../../synthesized/stack";

export type { SynthesizedStacks };

/** Synthesize environment `name` of `definitions` and read its stacks. */
export function synthesizeEnvironment(name: string, definitions: readonly EnvironmentDefinition[]): SynthesizedStacks {
  return inTemporaryOutdir("docs-", (outdir) => {
    const { app } = buildApp({ definitions, only: [name], outdir, warn: () => undefined });
    app.synth();
    const read = readOutdir(outdir);
    // The order the stacks were added to the app (src/stacks/index.ts) breaks ties.
    const added = app.node.children.map((c) => c.node.id);
    const rank = (s: string) => (added.includes(s) ? added.indexOf(s) : added.length);
    const inAddedOrder = [...read].sort((a, b) => rank(a.name) - rank(b.name));
    return {
      environment: name,
      stacks: byName(read),
      dependencies: Object.fromEntries(read.map((s) => [s.name, s.dependencies ?? []])),
      order: dependencyOrder(inAddedOrder),
    };
  });
}
