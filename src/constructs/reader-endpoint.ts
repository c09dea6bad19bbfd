/**
 * One reader host name for several RDS read replicas: a private hosted zone
 * with a weighted CNAME per replica (R2.4). The application's routing
 * datasource then needs two URLs (writer, reader), not one per replica.
 */
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { Construct } from "constructs";
import { protectionOf } from "../lib/lifecycle";

/** Props of {@link ReaderEndpoint}. */
export interface ReaderEndpointProps {
  /** Environment name: the zone is `db.<env>.internal`. */
  readonly envName: string;
  /** The VPC that resolves the zone. */
  readonly vpcId: string;
  /** Host names of the replicas, in order (at least two). */
  readonly replicaAddresses: readonly string[];
  /** Seconds resolvers cache an answer: short, so reads spread. @default 5 */
  readonly ttl?: number;
}

/**
 * `reader.db.<env>.internal`: equally weighted CNAMEs, one per replica
 * (Route 53 answers each query with one of them), in a private zone only the
 * VPC resolves.
 *
 * Clients must verify the server certificate against the CA but not the
 * host name (MySQL `VERIFY_CA`, not `VERIFY_IDENTITY`): the certificate of a
 * replica names the replica's RDS host name, not this alias.
 */
export class ReaderEndpoint extends Construct {
  /** The private zone. */
  readonly zone: Route53Zone;
  /** The reader host name. */
  readonly fqdn: string;

  constructor(scope: Construct, id: string, props: ReaderEndpointProps) {
    super(scope, id);
    if (props.replicaAddresses.length < 2) {
      throw new Error(`ReaderEndpoint ${id}: needs at least two replicas (with one, use its own endpoint); got ${props.replicaAddresses.length}`);
    }
    const zoneName = `db.${props.envName}.internal`;
    this.fqdn = `reader.${zoneName}`;
    this.zone = new Route53Zone(this, "zone", {
      name: zoneName,
      comment: `Database endpoints of ${props.envName} (private)`,
      vpc: [{ vpcId: props.vpcId }],
      forceDestroy: protectionOf(this).forceDestroy,
      tags: { Name: zoneName },
    });
    props.replicaAddresses.forEach((address, i) => {
      new Route53Record(this, `replica-${i + 1}`, {
        zoneId: this.zone.zoneId,
        name: this.fqdn,
        type: "CNAME",
        ttl: props.ttl ?? 5,
        records: [address],
        setIdentifier: `replica-${i + 1}`,
        weightedRoutingPolicy: { weight: 1 },
      });
    });
  }
}
