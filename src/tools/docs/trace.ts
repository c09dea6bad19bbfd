/**
 * The traceability model: for each requirement ID, the resources that
 * realize it (patterns of `requirement-resources.ts` resolved against the
 * synthesized JSON of each preset) and the tests whose titles name it.
 * Pure: every input is passed in.
 */
import { Realization, isResourceRealization } from "./requirement-resources";
import { compareIds, Requirement } from "./requirements";
import { byCode, TerraformIndex, TerraformJson } from "../../synthesized/terraform-index";
import { mentionsId, TestTitle, idsIn } from "./test-titles";

/** Concrete addresses of one stack that realize a requirement. */
export interface StackResources {
  readonly preset: string;
  /** Full stack name (`buddyverse-data`). */
  readonly stack: string;
  /** The patterns as written in the map. */
  readonly patterns: readonly string[];
  /** Matching addresses, sorted. */
  readonly addresses: readonly string[];
  /** A lone `*` pattern: the whole stack (render as a count, not a list). */
  readonly wholeStack: boolean;
}

/** Everything known about one requirement. */
export interface TraceEntry {
  readonly requirement: Requirement;
  /** The presets it applies to: its own, or every preset for `X.*`. */
  readonly presets: readonly string[];
  readonly resources: readonly StackResources[];
  /** Code that realizes it, when no resource can. */
  readonly code: readonly { readonly paths: readonly string[]; readonly why: string }[];
  /** Tests and describes whose title names the ID, in file order. */
  readonly tests: readonly TestTitle[];
}

/** The traceability of every requirement. */
export interface Trace {
  /** In ID order. */
  readonly entries: readonly TraceEntry[];
  /** IDs no test title names. */
  readonly withoutTests: readonly string[];
  /** IDs with neither resources nor code in the map. */
  readonly withoutRealization: readonly string[];
  /** Broken map entries: unknown ID, wrong preset, unknown stack, a pattern matching nothing, missing code. */
  readonly mapProblems: readonly string[];
  /** Titles naming IDs that the requirements file does not define (typos). */
  readonly unknownTestIds: readonly { readonly id: string; readonly test: TestTitle }[];
}

/** Inputs of {@link buildTrace}. */
export interface TraceInputs {
  readonly requirements: readonly Requirement[];
  /** The presets, in doc order. */
  readonly presets: readonly string[];
  readonly realizations: Readonly<Record<string, readonly Realization[]>>;
  /** Synthesized stacks per preset, keyed by stack name. */
  readonly stacks: Readonly<Record<string, Readonly<Record<string, TerraformJson>>>>;
  readonly titles: readonly TestTitle[];
  /** Whether a project-relative file exists (for code realizations). */
  readonly fileExists: (path: string) => boolean;
}

/** Every address of a stack: `type.name` for resources, `data.type.name` for data sources. */
export function stackAddresses(json: TerraformJson): string[] {
  return new TerraformIndex({ stack: json })
    .all()
    .map((r) => r.address)
    .sort(byCode);
}

/** An address pattern as a RegExp: `*` matches any characters, everything else literally. */
export function patternRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** Build the traceability model. */
export function buildTrace(inputs: TraceInputs): Trace {
  const mapProblems: string[] = [];
  const known = new Map(inputs.requirements.map((r) => [r.id, r]));
  for (const id of Object.keys(inputs.realizations).sort(compareIds)) {
    if (!known.has(id)) mapProblems.push(`${id}: in the resource map but not in the requirements file`);
  }
  const addressCache = new Map<string, string[]>();
  const addressesOf = (stack: string, json: TerraformJson) => {
    if (!addressCache.has(stack)) addressCache.set(stack, stackAddresses(json));
    return addressCache.get(stack)!;
  };

  const entries: TraceEntry[] = [...inputs.requirements]
    .sort((a, b) => compareIds(a.id, b.id))
    .map((requirement) => {
      const id = requirement.id;
      const presets = requirement.preset ? [requirement.preset] : [...inputs.presets];
      const resources: StackResources[] = [];
      const code: { paths: string[]; why: string }[] = [];
      for (const r of inputs.realizations[id] ?? []) {
        if (!isResourceRealization(r)) {
          const missing = r.code.filter((p) => !inputs.fileExists(p));
          if (missing.length > 0) mapProblems.push(`${id}: code ${missing.join(", ")} does not exist`);
          code.push({ paths: [...r.code], why: r.why });
          continue;
        }
        if (!presets.includes(r.preset)) {
          mapProblems.push(`${id}: mapped to preset ${r.preset}, but it belongs to ${presets.join(", ")}`);
          continue;
        }
        const stacks = inputs.stacks[r.preset];
        if (!stacks) {
          mapProblems.push(`${id}: preset ${r.preset} was not synthesized`);
          continue;
        }
        const stack = `${r.preset}-${r.stack}`;
        if (!stacks[stack]) {
          mapProblems.push(`${id}: ${r.preset} has no stack ${stack} (stacks: ${Object.keys(stacks).sort(byCode).join(", ")})`);
          continue;
        }
        const all = addressesOf(stack, stacks[stack]);
        const matched = new Set<string>();
        for (const pattern of r.addresses) {
          const re = patternRegExp(pattern);
          const hits = all.filter((a) => re.test(a));
          if (hits.length === 0) mapProblems.push(`${id}: pattern ${pattern} matches nothing in ${stack}`);
          hits.forEach((h) => matched.add(h));
        }
        resources.push({ preset: r.preset, stack, patterns: [...r.addresses], addresses: [...matched].sort(byCode), wholeStack: r.addresses.includes("*") });
      }
      if (requirement.preset === undefined) {
        const covered = new Set(resources.map((s) => s.preset));
        const uncovered = presets.filter((p) => !covered.has(p));
        if (code.length === 0 && uncovered.length > 0) mapProblems.push(`${id}: cross-cutting, but no resources mapped in ${uncovered.join(", ")}`);
      }
      resources.sort((a, b) => presets.indexOf(a.preset) - presets.indexOf(b.preset) || byCode(a.stack, b.stack));
      const tests = inputs.titles.filter((t) => mentionsId(t.title, id));
      return { requirement, presets, resources: mergeStacks(resources), code, tests };
    });

  const unknownTestIds = inputs.titles.flatMap((test) => idsIn(test.title).filter((id) => !known.has(id)).map((id) => ({ id, test })));
  return {
    entries,
    withoutTests: entries.filter((e) => e.tests.length === 0).map((e) => e.requirement.id),
    withoutRealization: entries.filter((e) => e.resources.length === 0 && e.code.length === 0).map((e) => e.requirement.id),
    mapProblems,
    unknownTestIds,
  };
}

/** Entries of the same stack listed twice in the map become one. */
function mergeStacks(list: readonly StackResources[]): StackResources[] {
  const out: StackResources[] = [];
  for (const s of list) {
    const prev = out.find((o) => o.stack === s.stack);
    if (!prev) {
      out.push(s);
      continue;
    }
    out[out.indexOf(prev)] = {
      ...prev,
      patterns: [...prev.patterns, ...s.patterns],
      addresses: [...new Set([...prev.addresses, ...s.addresses])].sort(byCode),
      wholeStack: prev.wholeStack || s.wholeStack,
    };
  }
  return out;
}
