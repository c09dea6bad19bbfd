/**
 * The bucket policy of the media bucket when CloudFront fronts it.
 *
 * The data stack owns the bucket but, when `edge.cdn` is set, creates it
 * without a policy (`SecureBucket` `managePolicy: false`): only the edge stack
 * knows the distribution the policy must name, and S3 has one policy per
 * bucket, so exactly one stack may write it.
 */
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { denyInsecureTransport, policyJson } from "../lib/policy";

/** Props of {@link MediaBucketPolicy}. */
export interface MediaBucketPolicyProps {
  /** Name of the media bucket (from the data stack). */
  readonly bucketName: string;
  /** ARN of the media bucket (from the data stack). */
  readonly bucketArn: string;
  /** ARN of the distribution allowed to read it. */
  readonly distributionArn: string;
}

/**
 * TLS only for everyone (CKV_AWS_70), and `s3:GetObject` for the CloudFront
 * service only on behalf of this distribution (`AWS:SourceArn`): another
 * distribution, even in this account, cannot read the bucket through OAC.
 * No other principal is allowed here; the account's own roles (the app) read
 * and write through their IAM policies.
 */
export class MediaBucketPolicy extends Construct {
  /** The policy resource. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: MediaBucketPolicyProps) {
    super(scope, id);
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket: props.bucketName,
      policy: policyJson([
        denyInsecureTransport(props.bucketArn),
        {
          Sid: "AllowCloudFrontOriginAccessControl",
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: `${props.bucketArn}/*`,
          Condition: { StringEquals: { "AWS:SourceArn": props.distributionArn } },
        },
      ]),
    });
  }
}
