/**
 * The site's DNS names (R0.1, R3.8): alias records in the environment's
 * hosted zone to CloudFront or to the public load balancer.
 */
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";
import { siteFqdn, siteLabel } from "../lib/site-names";

/** Props of {@link SiteRecords}. */
export interface SiteRecordsProps {
  /** The public hosted zone. */
  readonly zoneId: string;
  /** The environment's domain (`buddyverse.link`). */
  readonly domain: string;
  /** Names in the domain: `@` for the apex, else a label (`www`). */
  readonly names: readonly string[];
  /** What the names point at. */
  readonly target: {
    /** DNS name of the CloudFront distribution or load balancer. */
    readonly dnsName: string;
    /** Its Route 53 zone id. */
    readonly zoneId: string;
    /**
     * Route 53 follows the target's health: true for a load balancer (no healthy
     * target → no answer, so a failover record could take over); CloudFront
     * does not support it.
     */
    readonly evaluateTargetHealth: boolean;
  };
  /**
   * Also an AAAA alias per name. Only for an IPv6-enabled target: CloudFront
   * here. The ALB is IPv4-only, and an AAAA alias to it would resolve to nothing.
   * @default false
   */
  readonly ipv6?: boolean;
}

/**
 * One alias A record per name (`<label>-a`, `apex-a` for `@`), and an AAAA
 * (`<label>-aaaa`) where the target speaks IPv6. Alias records cost nothing per
 * query and follow the target's addresses as they change.
 */
export class SiteRecords extends Construct {
  /** Records by logical id. */
  readonly records: Readonly<Record<string, Route53Record>>;

  constructor(scope: Construct, id: string, props: SiteRecordsProps) {
    super(scope, id);
    const records: Record<string, Route53Record> = {};
    const types = props.ipv6 ? (["A", "AAAA"] as const) : (["A"] as const);
    for (const name of props.names) {
      for (const type of types) {
        const recordId = `${siteLabel(name)}-${type.toLowerCase()}`;
        records[recordId] = new Route53Record(this, recordId, {
          zoneId: props.zoneId,
          name: siteFqdn(props.domain, name),
          type,
          alias: { name: props.target.dnsName, zoneId: props.target.zoneId, evaluateTargetHealth: props.target.evaluateTargetHealth },
        });
      }
    }
    this.records = records;
  }
}
