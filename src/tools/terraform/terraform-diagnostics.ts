/**
 * Reading terraform's `-json` output: JSON lines, diagnostics (with the cdktf
 * construct path of their address), and a diagnostic made from raw process
 * output when terraform gave none.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { OfflineDiagnostic } from "./offline-results";
import type { ExecResult } from "./terraform-process";

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A diagnostic as terraform writes it in `-json` output. */
export interface TfJsonDiagnostic {
  severity?: string;
  summary?: string;
  detail?: string;
  address?: string;
  range?: { filename?: string; start?: { line?: number; column?: number } };
}

/** Parse the JSON lines of `-json` UI output, ignoring non-JSON lines. */
export function jsonLines(text: string): JsonObject[] {
  const out: JsonObject[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("{")) continue;
    try {
      const v = JSON.parse(t) as unknown;
      if (isObject(v)) out.push(v);
    } catch {
      // not JSON
    }
  }
  return out;
}

/** Resource address (without instance key) → cdktf construct path, from the JSON's `//.metadata.path`. */
export function constructPaths(workDir: string): Map<string, string> {
  const map = new Map<string, string>();
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(workDir, "cdk.tf.json"), "utf8")) as JsonObject;
    for (const [mode, prefix] of [["resource", ""], ["data", "data."]] as const) {
      const section = doc[mode];
      if (!isObject(section)) continue;
      for (const [type, byName] of Object.entries(section)) {
        if (!isObject(byName)) continue;
        for (const [name, body] of Object.entries(byName)) {
          const meta = isObject(body) && isObject(body["//"]) ? body["//"].metadata : undefined;
          if (isObject(meta) && typeof meta.path === "string") map.set(`${prefix}${type}.${name}`, meta.path);
        }
      }
    }
  } catch {
    // best effort
  }
  return map;
}

/** A terraform JSON diagnostic as the harness reports it, with the construct path of its address from `paths`. */
export function toDiagnostic(d: TfJsonDiagnostic, paths: Map<string, string>): OfflineDiagnostic {
  const address = d.address || undefined;
  const constructPath = address ? paths.get(address.replace(/\[[^\]]*\]$/, "")) : undefined;
  const start = d.range?.start;
  const location = d.range?.filename ? `${d.range.filename}:${start?.line ?? 0}:${start?.column ?? 0}` : undefined;
  return {
    severity: d.severity === "warning" ? "warning" : "error",
    summary: d.summary ?? "(no summary)",
    detail: d.detail ?? "",
    ...(address ? { address } : {}),
    ...(constructPath ? { constructPath } : {}),
    ...(location ? { location } : {}),
  };
}

/** A diagnostic built from raw process output when terraform produced no JSON diagnostic. */
export function processDiagnostic(step: string, r: ExecResult): OfflineDiagnostic {
  const text = (r.stderr.trim() || r.stdout.trim()).split("\n").slice(-40).join("\n");
  return {
    severity: "error",
    summary: r.timedOut ? `terraform ${step} timed out after ${Math.round(r.durationMs / 1000)} s` : `terraform ${step} exited with code ${r.code}`,
    detail: text,
  };
}

/** True when any of the diagnostics is an error. */
export const hasErrors = (ds: readonly OfflineDiagnostic[]) => ds.some((d) => d.severity === "error");
