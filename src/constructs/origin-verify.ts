/**
 * The origin secret header that proves a request came through this
 * environment's CloudFront distribution (and so through its web ACL).
 *
 * The ALB admits CloudFront's origin-facing prefix list, which every
 * CloudFront distribution of every account shares: without more, anyone's
 * distribution could reach the origin around this web ACL. CloudFront adds
 * the header `X-Origin-Verify: <secret>` to every origin request; the HTTPS
 * listener forwards only requests carrying the current (or, during a
 * rotation, the previous) value and answers everything else 403.
 *
 * Why not a CloudFront VPC origin to an internal ALB (hashicorp/aws 5.100 has
 * `aws_cloudfront_vpc_origin`): with a DR region the dynamic origin is the
 * Route 53 failover name in front of the primary and the DR load balancers; a
 * VPC origin is bound to one load balancer ARN, and failing over between two
 * would need an origin group, which retries only GET, HEAD and OPTIONS (a
 * checkout POST would not fail over). The ALB's group would also have to
 * admit the CloudFront-VPCOrigins-Service-SG that AWS creates only when the
 * VPC origin exists (edge stack), after the network stack that owns it.
 *
 * The value is a secret: it never appears in the synthesized JSON, the plan
 * output or an output. It lives in Secrets Manager (`<env>/origin-verify`, in
 * the data stack, value put by the operators) and reaches Terraform as the
 * sensitive variables below at deploy time (it is then in the encrypted
 * state of the compute and edge stacks, as any CloudFront header value is).
 * Empty variables leave the listener rule without a value: AWS rejects it, so
 * a deploy without the secret fails closed, never open.
 */
import { Fn, TerraformVariable } from "cdktf";
import { Construct } from "constructs";

/** The header CloudFront adds to origin requests. */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";
/** The variables operators give as `TF_VAR_<name>` (read from Secrets Manager). */
export const ORIGIN_VERIFY_VARIABLES = { current: "origin_verify_secret", previous: "origin_verify_secret_previous" } as const;

/** Props of {@link OriginVerifyValues}. */
export interface OriginVerifyValuesProps {
  /** Name of the secret the values come from (`<env>/origin-verify`), for the variables' descriptions. */
  readonly secretName: string;
  /** Also take the previous value (the listener accepts both during a rotation). @default false */
  readonly acceptPrevious?: boolean;
}

/** The sensitive variables carrying the origin secret into a stack. */
export class OriginVerifyValues extends Construct {
  /** The current value (`var.origin_verify_secret`). */
  readonly current: string;
  /** Every value the origin accepts: the current one and, if given, the previous one (empty ones dropped). */
  readonly accepted: string[];

  constructor(scope: Construct, id: string, props: OriginVerifyValuesProps) {
    super(scope, id);
    const variable = (name: string, what: string) => {
      const v = new TerraformVariable(this, name, {
        type: "string",
        default: "",
        nullable: false,
        sensitive: true,
        description: `${what}; give it as TF_VAR_${name}.`,
      });
      // `var.origin_verify_secret`, whatever the construct path: operators type this name.
      v.overrideLogicalId(name);
      return v.stringValue;
    };
    this.current = variable(ORIGIN_VERIFY_VARIABLES.current, `Value of the ${ORIGIN_VERIFY_HEADER} header: Secrets Manager ${props.secretName}, stage AWSCURRENT`);
    const previous = props.acceptPrevious
      ? variable(ORIGIN_VERIFY_VARIABLES.previous, `Previous value of the ${ORIGIN_VERIFY_HEADER} header, still accepted during a rotation: Secrets Manager ${props.secretName}, stage AWSPREVIOUS (empty if none)`)
      : undefined;
    this.accepted = Fn.compact(previous ? [this.current, previous] : [this.current]);
  }
}
