/**
 * Defensive reads of a raw (unvalidated) definition, for the cross-field rules:
 * anything may be missing or of the wrong type, and a rule checks only what is
 * well-formed enough to check (the schema reports the rest).
 */
import { Cidr, isCidr, parseCidr } from "../lib/cidr";

/** Loosely typed view of a raw definition. */
export type Raw = Record<string, unknown>;

/** `v` as an object, or undefined. */
export function obj(v: unknown): Raw | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : undefined;
}

/** `v` as an array, or undefined. */
export function arr(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

/** `v` as a string, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** `v` as a parsed CIDR, or undefined when it is not a valid one. */
export function cidr(v: unknown): Cidr | undefined {
  if (typeof v !== "string") return undefined;
  const parsed = parseCidr(v);
  return isCidr(parsed) ? parsed : undefined;
}
