/**
 * R3.9: the names on the load balancer's certificate.
 */
import { certificateNames } from "../../src/lib/certificate-names";

describe("certificateNames", () => {
  it("defaults to the site's names, the domain first", () => {
    expect(certificateNames("buddyverse.link", ["www", "@"])).toEqual(["buddyverse.link", "www.buddyverse.link"]);
  });
  it("explicit names win, deduplicated, the domain moved first", () => {
    expect(certificateNames("x.com", ["@"], ["*.x.com", "x.com", "*.x.com"])).toEqual(["x.com", "*.x.com"]);
  });
  it("an explicit list without the domain keeps its own first name as the subject", () => {
    expect(certificateNames("x.com", ["@"], ["shop.x.com"])).toEqual(["shop.x.com"]);
  });
});
