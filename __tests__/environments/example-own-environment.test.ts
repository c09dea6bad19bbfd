/**
 * An example of testing your own environment (README, "Testing your own
 * environment"). It tests the web-was preset as if it were yours: copy this
 * file to __tests__/environments/<your-env>.test.ts, import your definition
 * instead, and state what must stay true of it. `npm run new-env` writes a
 * starter file like this for every new environment.
 *
 * Three tools, from the most direct to the most thorough:
 * - cdktf's matchers on a stack's synthesized JSON (`toHaveResourceWithProperties`);
 * - the parsed JSON of a stack (`s.json.<kind>`), for counts and loops;
 * - the reachability matrix (`npm run reach`), for who can open a connection to whom.
 */
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { DEFINITIONS } from "../../src/environments";
import { webWas as mine } from "../../src/environments/presets/web-was";
import { synthesizeStacks } from "../../src/tools/reach/load";
import { computeMatrix, grantsOf, sourcesOf } from "../../src/tools/reach/matrix";
import { extractModel } from "../../src/tools/reach/model";
import { resources, synthEnvironment } from "../support/synth";

const s = synthEnvironment(mine);

describe("example: what must stay true of my environment", () => {
  it("the primary database is Multi-AZ, encrypted and not public", () => {
    expect(s.text.data).toHaveResourceWithProperties(DbInstance, { multi_az: true, storage_encrypted: true, publicly_accessible: false });
  });

  it("the public load balancer refuses malformed headers and keeps deletion protection", () => {
    expect(s.text.compute).toHaveResourceWithProperties(Lb, { internal: false, drop_invalid_header_fields: true, enable_deletion_protection: true });
  });

  it("every WEB and WAS instance is in a private subnet: no launch template asks for a public IP", () => {
    const templates = Object.values(resources(s.json.compute, "aws_launch_template"));
    expect(templates.length).toBeGreaterThanOrEqual(2);
    for (const t of templates) {
      const nics = (t.network_interfaces as { associate_public_ip_address?: unknown }[] | undefined) ?? [];
      for (const nic of nics) expect(nic.associate_public_ip_address ?? false).not.toBe(true);
    }
  });

  it("from the internet, only the bastion (from my office's addresses) and the load balancer are reachable", () => {
    const matrix = computeMatrix(extractModel(synthesizeStacks(mine.name, DEFINITIONS)));
    expect(matrix.parties.filter((to) => grantsOf(matrix, "internet", to).length > 0)).toEqual(["bastion", "alb"]);
    expect(grantsOf(matrix, "internet", "bastion")[0]?.peer).toEqual([...(mine.network.bastionAllowedCidrs ?? [])].sort());
    // and the database only from the application tier (WAS), not from WEB or the bastion
    expect(sourcesOf(matrix, "db", 3306)).toEqual(["was"]);
  });
});
