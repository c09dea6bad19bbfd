/** X.3 The batched preview splits one plan of all stacks back into one plan document per stack (src/tools/preview/batch.ts). */
import { stackDocument } from "../../../src/tools/preview/batch";
import { changesFromPlanDocument } from "../../../src/tools/preview/summary";

const batch = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  planned_values: {
    outputs: { "env-data__db_endpoint": { sensitive: false }, "env-network__vpc_id": { sensitive: false } },
    root_module: {
      child_modules: [
        { address: "module.env-data", resources: [{ address: "module.env-data.aws_db_instance.db", type: "aws_db_instance", name: "db", values: { identifier: "x" } }] },
        { address: "module.env-network", resources: [{ address: "module.env-network.aws_vpc.vpc", type: "aws_vpc", name: "vpc", values: {} }] },
      ],
    },
  },
  resource_changes: [
    { address: "module.env-data.aws_db_instance.db", module_address: "module.env-data", mode: "managed", type: "aws_db_instance", change: { actions: ["delete"] }, action_reason: "delete_because_no_resource_config" },
    { address: "module.env-network.aws_vpc.vpc", module_address: "module.env-network", mode: "managed", type: "aws_vpc", change: { actions: ["create"] } },
  ],
};

test("X.3 each stack gets its own changes, planned values and outputs, addresses without the module prefix", () => {
  const data = stackDocument(batch, "env-data");
  expect(changesFromPlanDocument(data)).toEqual([{ address: "aws_db_instance.db", type: "aws_db_instance", kind: "delete", reason: "delete_because_no_resource_config" }]);
  expect((data.planned_values as { root_module: { resources: { address: string }[] } }).root_module.resources.map((r) => r.address)).toEqual(["aws_db_instance.db"]);
  expect(Object.keys((data.planned_values as { outputs: object }).outputs)).toEqual(["db_endpoint"]);
  const network = stackDocument(batch, "env-network");
  expect(changesFromPlanDocument(network).map((c) => c.address)).toEqual(["aws_vpc.vpc"]);
  expect(JSON.stringify(network)).not.toContain("module.");
});
