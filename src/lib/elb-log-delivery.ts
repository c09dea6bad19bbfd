/**
 * Who writes Application Load Balancer access logs into a bucket (trap 6).
 *
 * AWS documents two principals: the log delivery service principal
 * `logdelivery.elasticloadbalancing.amazonaws.com` (regions opened from
 * August 2022, and the recommended form), and for regions opened earlier the
 * region's Elastic Load Balancing account. The policy grants the service
 * principal everywhere and the regional account where one exists, so delivery
 * works whichever mechanism the region uses. Kept as data here rather than the
 * `aws_elb_service_account` data source, which would need AWS at plan time.
 */
import { PolicyStatement } from "./policy";

/**
 * Elastic Load Balancing accounts of the regions opened before August 2022
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
};

/**
 * Bucket policy statements letting the load balancers of `account` in `region`
 * write access logs under `<bucketArn>/<prefix>/AWSLogs/<account>/`, and
 * nothing else.
 */
export function albLogDeliveryStatements(bucketArn: string, account: string, region: string, prefix: string): PolicyStatement[] {
  const objects = `${bucketArn}/${prefix}/AWSLogs/${account}/*`;
  const statements: PolicyStatement[] = [
    {
      Sid: "AlbLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: objects,
    },
  ];
  const legacy = ELB_LOG_DELIVERY_ACCOUNTS[region];
  if (legacy) {
    statements.push({
      Sid: "AlbLogDeliveryRegionalAccount",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${legacy}:root` },
      Action: "s3:PutObject",
      Resource: objects,
    });
  }
  return statements;
}
