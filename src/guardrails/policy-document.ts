/**
 * IAM and resource policy documents as the guardrails read them: the project
 * writes policies as literal JSON strings (src/lib/policy.ts), so a rule can
 * parse them from the synthesized Terraform; `${...}` interpolations stay as
 * text inside the values, which is all the rules need.
 */
import { isObject, list } from "../synthesized/terraform-json";

/** One statement, loosely typed (anything may be missing). */
export interface Statement {
  readonly Sid?: unknown;
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly Condition?: unknown;
}

/**
 * The statements of a policy given as a JSON string or an object; `undefined`
 * when there is no policy or it cannot be parsed (e.g. it is a `${...}` token).
 */
export function statements(policy: unknown): Statement[] | undefined {
  let doc: unknown = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch {
      return undefined;
    }
  }
  if (!isObject(doc)) return undefined;
  return list(doc.Statement).filter(isObject) as Statement[];
}

/** The statement allows (rather than denies). */
export function allows(s: Statement): boolean {
  return s.Effect === "Allow";
}

/** The actions a statement names (`Action` only; `NotAction` is reported separately). */
export function actionsOf(s: Statement): string[] {
  return list(s.Action).filter((a): a is string => typeof a === "string");
}

/** AWS principals of a statement (`"*"` when the principal is `"*"` itself). */
export function awsPrincipals(s: Statement): string[] {
  if (s.Principal === "*") return ["*"];
  if (!isObject(s.Principal)) return [];
  return list(s.Principal.AWS).filter((p): p is string => typeof p === "string");
}

/** The statement applies to anyone: `Principal: "*"` or `Principal: {AWS: "*"}`. */
export function anyPrincipal(s: Statement): boolean {
  return awsPrincipals(s).includes("*");
}

/** The statement carries at least one condition. */
export function hasCondition(s: Statement): boolean {
  return isObject(s.Condition) && Object.keys(s.Condition).length > 0;
}

/** The condition keys of a statement, lower-cased (`aws:securetransport`, `sts:externalid`). */
export function conditionKeys(s: Statement): string[] {
  if (!isObject(s.Condition)) return [];
  return Object.values(s.Condition).flatMap((block) => (isObject(block) ? Object.keys(block).map((k) => k.toLowerCase()) : []));
}

/** The value a condition operator gives a key (`Bool` → `aws:SecureTransport` → `"false"`). */
export function conditionValue(s: Statement, operator: string, key: string): unknown {
  if (!isObject(s.Condition)) return undefined;
  const block = s.Condition[operator];
  if (!isObject(block)) return undefined;
  const match = Object.keys(block).find((k) => k.toLowerCase() === key.toLowerCase());
  return match === undefined ? undefined : block[match];
}
