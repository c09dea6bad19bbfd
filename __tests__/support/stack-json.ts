/**
 * Test support: read resources out of a synthesized stack's JSON. Shared by the
 * stack tests (one definition of `one`, `all`, `only`, `remote`, `byName`).
 * Every reader that returns a list refuses an empty one, so a loop over it
 * cannot pass because the resource type disappeared.
 */
import { resources, StackJson } from "./synth";

/** A resource body, typed loosely for assertions. */
export type Res = Record<string, any>;

/** Resources of `type` by logical name (may be empty: for "has none" assertions). */
export function byName(json: StackJson, type: string): Record<string, Res> {
  return resources(json, type) as Record<string, Res>;
}

/** The resource `type.name`; throws naming the ones there are. */
export function one(json: StackJson, type: string, name: string): Res {
  const r = byName(json, type)[name];
  if (!r) throw new Error(`${type}.${name} not found; have ${Object.keys(byName(json, type)).join(", ") || "none"}`);
  return r;
}

/** Every resource of `type`; throws when there is none (a loop over it must check something). */
export function all(json: StackJson, type: string): Res[] {
  const list = Object.values(byName(json, type));
  if (list.length === 0) throw new Error(`no ${type} in the stack: a loop over it would check nothing`);
  return list;
}

/** The single resource of `type`; throws unless there is exactly one. */
export function only(json: StackJson, type: string): Res {
  const list = all(json, type);
  if (list.length !== 1) throw new Error(`${list.length} ${type} in the stack, expected exactly one`);
  return list[0]!;
}

/** A remote-state reference: `${data.terraform_remote_state.<kind>.outputs.<output>}`. */
export function remote(kind: string, output: string): string {
  return `\${data.terraform_remote_state.${kind}.outputs.${output}}`;
}

/** Every resource of any of `types` (`aws_db_instance` or `aws_rds_cluster`); throws when there is none of any. */
export function allOf(json: StackJson, ...types: string[]): Res[] {
  const list = types.flatMap((t) => Object.values(byName(json, t)));
  if (list.length === 0) throw new Error(`none of ${types.join(", ")} in the stack: a loop over them would check nothing`);
  return list;
}

/** Every resource of a type the definition may leave out (a cache, shared files): possibly empty, on purpose. */
export function optional(json: StackJson, type: string): Res[] {
  return Object.values(byName(json, type));
}
