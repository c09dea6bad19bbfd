/**
 * Every stack's output table by stack kind: what the offline harness stubs for
 * downstream plans, and what the contract tests check.
 */
import { COMPUTE_OUTPUTS } from "./compute";
import { DATA_OUTPUTS } from "./data";
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
};
