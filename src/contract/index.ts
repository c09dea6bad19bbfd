/**
 * Every stack's output table by stack kind: what the offline harness stubs for
 * downstream plans, and what the contract tests check.
 */
import { COMPUTE_OUTPUTS } from "./compute";
import { DATA_OUTPUTS } from "./data";
import { DR_STORAGE_OUTPUTS } from "./dr-storage";
import { EDGE_OUTPUTS } from "./edge";
import { NETWORK_OUTPUTS } from "./network";
import { OutputTable } from "./output-spec";
import { STATE_OUTPUTS } from "./state";

/** Output tables by stack kind. */
export const CONTRACTS: Readonly<Record<string, OutputTable>> = {
  state: STATE_OUTPUTS,
  network: NETWORK_OUTPUTS,
  data: DATA_OUTPUTS,
  compute: COMPUTE_OUTPUTS,
  edge: EDGE_OUTPUTS,
  // The DR region's stacks (src/lib/dr.ts): the DR copies of network, data and compute
  // publish the primary's tables, so the same stack code reads them.
  "dr-storage": DR_STORAGE_OUTPUTS,
  "dr-network": NETWORK_OUTPUTS,
  "dr-data": DATA_OUTPUTS,
  "dr-compute": COMPUTE_OUTPUTS,
};
