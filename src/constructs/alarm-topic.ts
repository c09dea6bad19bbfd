/**
 * The environment's alarm topic: every CloudWatch alarm of every stack of the
 * environment notifies it.
 */
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { resourceName } from "../lib/naming";
import { policyJson } from "../lib/policy";
import { EncryptionKey } from "./encryption-key";

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** Environment name, for names. */
  readonly envName: string;
  /** Account id (key and topic policies). */
  readonly account: string;
  /** E-mail addresses subscribed to the topic (each confirms by mail). @default [] */
  readonly emails?: readonly string[];
  /** HTTPS endpoints subscribed to the topic (each confirms the subscription request). @default [] */
  readonly httpsEndpoints?: readonly string[];
}

/**
 * SNS topic `<env>-alarms`, encrypted with its own customer managed key.
 *
 * CloudWatch publishes to an encrypted topic only when the key policy lets
 * `cloudwatch.amazonaws.com` use the key (it calls GenerateDataKey and Decrypt
 * as itself, not as the alarm's owner), so the key names that service. The
 * topic policy lets CloudWatch alarms of this
 * account publish and denies any request without TLS.
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  readonly topic: SnsTopic;
  /** Its key. */
  readonly key: EncryptionKey;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const name = resourceName(props.envName, "alarms");
    this.key = new EncryptionKey(this, "key", {
      account: props.account,
      alias: name,
      description: `Encrypts the alarm notifications of ${props.envName}`,
      // CloudWatch's documented key statement has no condition (its KMS calls
      // carry no source account); the topic policy limits who publishes.
      servicePrincipals: [{ service: "cloudwatch.amazonaws.com", actions: ["kms:Decrypt", "kms:GenerateDataKey*"] }],
    });
    this.topic = new SnsTopic(this, "topic", {
      name,
      displayName: `${props.envName} alarms`,
      kmsMasterKeyId: this.key.arn,
      tags: { Name: name },
    });
    new SnsTopicPolicy(this, "policy", {
      arn: this.topic.arn,
      policy: policyJson([
        {
          Sid: "AccountManagesTopic",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${props.account}:root` },
          Action: ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
          Resource: this.topic.arn,
        },
        {
          Sid: "CloudWatchAlarmsPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "SNS:Publish",
          Resource: this.topic.arn,
          Condition: {
            StringEquals: { "aws:SourceAccount": props.account },
            ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:*:${props.account}:alarm:*` },
          },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "SNS:Publish",
          Resource: this.topic.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });
    (props.emails ?? []).forEach((email, i) => {
      new SnsTopicSubscription(this, `email-${i + 1}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email });
    });
    (props.httpsEndpoints ?? []).forEach((url, i) => {
      // Retries with backoff are SNS's default delivery policy for HTTP(S).
      new SnsTopicSubscription(this, `https-${i + 1}`, { topicArn: this.topic.arn, protocol: "https", endpoint: url });
    });
  }
}
