/**
 * The environment's public hosted zone: created, or adopted by id.
 */
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Construct } from "constructs";

/** Props of {@link HostedZone}. */
export interface HostedZoneProps {
  /** The domain (`buddyverse.link`). */
  readonly domain: string;
  /** Adopt this existing zone instead of creating one; it is never managed or destroyed here. @default - create a zone */
  readonly zoneId?: string;
}

/**
 * A created zone has `prevent_destroy`: destroying it loses every record and
 * the delegation at the registrar. An adopted zone is referenced, not managed.
 */
export class HostedZone extends Construct {
  /** Zone id. */
  readonly zoneId: string;
  /** Name servers to delegate to (empty for an adopted zone). */
  readonly nameServers: string[];

  constructor(scope: Construct, id: string, props: HostedZoneProps) {
    super(scope, id);
    if (props.zoneId) {
      this.zoneId = props.zoneId;
      this.nameServers = [];
      return;
    }
    const zone = new Route53Zone(this, "zone", {
      name: props.domain,
      comment: `Public zone of ${props.domain}, managed by cdktf`,
      forceDestroy: false,
      tags: { Name: props.domain },
      lifecycle: { preventDestroy: true },
    });
    this.zoneId = zone.zoneId;
    this.nameServers = zone.nameServers;
  }
}
