/**
 * Typed reader of an upstream stack's outputs through `terraform_remote_state`.
 */
import { DataTerraformRemoteStateS3 } from "cdktf";
import { Construct } from "constructs";
import { OutputTable, OutputValues } from "./output-spec";
import { StateLocation } from "./state-location";

/**
 * Reads the outputs declared in `table` from the upstream stack's S3 state.
 *
 * The data source's logical id is the upstream stack kind (`network`, `data`,
 * `compute`), so plans show `data.terraform_remote_state.network`, and the
 * offline harness knows which stub state to give it.
 *
 * Only declared outputs can be read: the returned object has exactly the keys
 * of the table, typed string or string[].
 */
export function readRemoteState<T extends OutputTable>(
  scope: Construct,
  upstream: StateLocation,
  table: T,
): OutputValues<T> {
  const state = new DataTerraformRemoteStateS3(scope, upstream.stackKind, {
    bucket: upstream.bucket,
    key: upstream.key,
    region: upstream.region,
    encrypt: true,
  });
  const values: Record<string, string | string[]> = {};
  for (const [name, spec] of Object.entries(table)) {
    values[name] = spec.kind === "list" ? state.getList(name) : state.getString(name);
  }
  return values as OutputValues<T>;
}
