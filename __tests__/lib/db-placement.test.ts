/**
 * Replica placement: each replica in another AZ than the primary where the
 * definition does not pin it (R1.6, R3.7).
 */
import { replicaAzs } from "../../src/lib/db-placement";

const AZS = ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"];

describe("replicaAzs", () => {
  it("R1.6 two readers after a writer in 2a go to 2b and 2c", () => {
    expect(replicaAzs(AZS, "ap-northeast-2a", [{}, {}])).toEqual(["ap-northeast-2b", "ap-northeast-2c"]);
  });
  it("starts after the primary's AZ and wraps around", () => {
    expect(replicaAzs(AZS, "ap-northeast-2b", [{}, {}])).toEqual(["ap-northeast-2c", "ap-northeast-2a"]);
  });
  it("uses the primary's AZ only when the other AZs are taken", () => {
    expect(replicaAzs(AZS, "ap-northeast-2a", [{}, {}, {}, {}])).toEqual(["ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2a", "ap-northeast-2b"]);
  });
  it("R3.7 an explicit AZ wins and does not consume the rotation", () => {
    expect(replicaAzs(AZS, "ap-northeast-2a", [{ az: "ap-northeast-2c" }, {}])).toEqual(["ap-northeast-2c", "ap-northeast-2b"]);
  });
  it("leaves unpinned replicas to AWS when the primary's AZ is unknown (Multi-AZ primary)", () => {
    expect(replicaAzs(AZS, undefined, [{}, { az: "ap-northeast-2c" }])).toEqual([undefined, "ap-northeast-2c"]);
  });
  it("no replicas, no AZs", () => {
    expect(replicaAzs(AZS, "ap-northeast-2a", [])).toEqual([]);
  });
});
