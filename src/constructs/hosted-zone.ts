/**
 * The environment's public hosted zone: created, or adopted by id.
 */
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ZoneDnssec } from "./zone-dnssec";
import { ZoneQueryLog } from "./zone-query-log";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link HostedZone}. */
export interface HostedZoneProps {
  /** The domain (`buddyverse.link`). */
  readonly domain: string;
  /** Adopt this existing zone instead of creating one; it is never managed or destroyed here. @default - create a zone */
  readonly zoneId?: string;
  /**
   * Sign and log a created zone: DNSSEC (CKV2_AWS_38) and DNS query logging
   * (CKV2_AWS_39), both of which Route 53 serves only from us-east-1 (KMS
   * signing key, log group). Ignored for an adopted zone, which is not managed here.
   * @default - neither (a bare zone)
   */
  readonly protection?: {
    readonly envName: string;
    readonly account: string;
    /** Days the DNS query logs are kept. */
    readonly queryLogRetentionDays: number;
    /** A provider in us-east-1. */
    readonly usEast1: TerraformProvider;
  };
}

/**
 * A created zone has `prevent_destroy`: destroying it loses every record and
 * the delegation at the registrar. With `protection` it is DNSSEC-signed and
 * its queries are logged (ZoneDnssec, ZoneQueryLog). An adopted zone is
 * referenced, not managed.
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
      forceDestroy: protectionOf(this).forceDestroy,
      tags: { Name: props.domain },
      lifecycle: { preventDestroy: protectionOf(this).preventDestroy },
    });
    this.zoneId = zone.zoneId;
    this.nameServers = zone.nameServers;
    const p = props.protection;
    if (p) {
      new ZoneDnssec(this, "dnssec", { envName: p.envName, account: p.account, zoneId: zone.zoneId, usEast1: p.usEast1 });
      new ZoneQueryLog(this, "query-log", {
        envName: p.envName,
        account: p.account,
        domain: props.domain,
        zoneId: zone.zoneId,
        retentionDays: p.queryLogRetentionDays,
        usEast1: p.usEast1,
      });
    }
  }
}
