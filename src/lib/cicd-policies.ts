/**
 * The IAM policies of the pipeline's two roles (src/constructs/github-oidc-roles.ts),
 * as pure functions of the environment, so tests evaluate them directly.
 *
 * PLAN role (pull requests, and the plan job on main): what `terraform plan`
 * calls to refresh the stacks' resources — Describe/List/Get of the services
 * the stacks use, never data (no s3:GetObject outside the state, no secret
 * values, no kms:Decrypt outside S3 reading the state) — plus reading this
 * environment's state (`<env>/` in the state bucket) and taking its S3 lock.
 *
 * APPLY role (jobs in the environment's GitHub environment, behind required
 * reviewers): the services the stacks manage, only in the environment's
 * regions (plus us-east-1, where global services are called); IAM only on
 * names of the environment (`<env>-*`); and explicit denies protecting the
 * pipeline's own foundations: the state bucket's configuration and the CI/CD
 * roles and OIDC provider (no self-escalation). EC2-style APIs cannot be
 * scoped to an environment by name at creation, so one AWS account per
 * environment remains the real boundary (README "CI/CD").
 */
import type { PolicyStatement } from "./policy";

/** What the policies need to know about the environment. */
export interface CicdPolicyInput {
  readonly envName: string;
  readonly account: string;
  /** Primary region, and the DR region when there is one. */
  readonly regions: readonly string[];
  readonly stateBucket: string;
  /** Names of the two roles (protected from the apply role). */
  readonly roleNames: readonly string[];
}

/** Read calls of `terraform plan` (refresh), per service used by the stacks. */
export const PLAN_READ_ACTIONS: readonly string[] = [
  "sts:GetCallerIdentity",
  "ec2:Describe*",
  "ec2:GetEbsEncryptionByDefault",
  "ec2:GetEbsDefaultKmsKeyId",
  "ec2:GetLaunchTemplateData",
  "elasticloadbalancing:Describe*",
  "autoscaling:Describe*",
  "application-autoscaling:Describe*",
  "rds:Describe*",
  "rds:ListTagsForResource",
  "elasticache:Describe*",
  "elasticache:ListTagsForResource",
  "elasticfilesystem:Describe*",
  "elasticfilesystem:ListTagsForResource",
  "s3:ListAllMyBuckets",
  "s3:GetBucket*",
  "s3:GetAccelerateConfiguration",
  "s3:GetEncryptionConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:GetIntelligentTieringConfiguration",
  "s3:GetInventoryConfiguration",
  "s3:GetMetricsConfiguration",
  "s3:GetAnalyticsConfiguration",
  "kms:DescribeKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListAliases",
  "kms:ListResourceTags",
  "iam:GetRole",
  "iam:GetRolePolicy",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:GetInstanceProfile",
  "iam:ListInstanceProfilesForRole",
  "iam:GetPolicy",
  "iam:GetPolicyVersion",
  "iam:GetOpenIDConnectProvider",
  "logs:Describe*",
  "logs:ListTagsForResource",
  "logs:ListTagsLogGroup",
  "cloudwatch:Describe*",
  "cloudwatch:GetDashboard",
  "cloudwatch:ListTagsForResource",
  "route53:Get*",
  "route53:List*",
  "acm:DescribeCertificate",
  "acm:GetCertificate",
  "acm:ListTagsForCertificate",
  "wafv2:Get*",
  "wafv2:List*",
  "cloudfront:Get*",
  "cloudfront:List*",
  "cloudtrail:Describe*",
  "cloudtrail:GetTrailStatus",
  "cloudtrail:GetEventSelectors",
  "cloudtrail:ListTags",
  "backup:Describe*",
  "backup:GetBackupPlan",
  "backup:GetBackupSelection",
  "backup:GetBackupVaultAccessPolicy",
  "backup:GetBackupVaultNotifications",
  "backup:ListTags",
  "sns:GetTopicAttributes",
  "sns:GetSubscriptionAttributes",
  "sns:ListTagsForResource",
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetResourcePolicy",
  "ssm:DescribeParameters",
];

/** Services the apply role manages (every action, limited by region and the denies). */
export const APPLY_SERVICES: readonly string[] = [
  "ec2",
  "elasticloadbalancing",
  "autoscaling",
  "application-autoscaling",
  "rds",
  "elasticache",
  "elasticfilesystem",
  "s3",
  "kms",
  "logs",
  "cloudwatch",
  "route53",
  "acm",
  "wafv2",
  "cloudfront",
  "cloudtrail",
  "backup",
  "backup-storage",
  "sns",
  "secretsmanager",
];

/** IAM calls the apply role may make, on the environment's own role, instance-profile and policy names. */
export const APPLY_IAM_ACTIONS: readonly string[] = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:GetRole",
  "iam:UpdateRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:PutRolePolicy",
  "iam:GetRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:ListRolePolicies",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:ListAttachedRolePolicies",
  "iam:CreateInstanceProfile",
  "iam:DeleteInstanceProfile",
  "iam:GetInstanceProfile",
  "iam:TagInstanceProfile",
  "iam:AddRoleToInstanceProfile",
  "iam:RemoveRoleFromInstanceProfile",
  "iam:ListInstanceProfilesForRole",
  "iam:PassRole",
];

const stateArn = (i: CicdPolicyInput) => `arn:aws:s3:::${i.stateBucket}`;

/** Reading the environment's state objects and taking their S3 lock (shared by both roles). */
function stateStatements(i: CicdPolicyInput, write: boolean): PolicyStatement[] {
  return [
    { Sid: "ListState", Effect: "Allow", Action: "s3:ListBucket", Resource: stateArn(i), Condition: { StringLike: { "s3:prefix": [`${i.envName}/*`] } } },
    { Sid: write ? "ReadWriteState" : "ReadState", Effect: "Allow", Action: write ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"], Resource: `${stateArn(i)}/${i.envName}/*` },
    { Sid: "StateLock", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${stateArn(i)}/${i.envName}/*.tflock` },
    {
      Sid: "StateKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: `arn:aws:kms:*:${i.account}:key/*`,
      Condition: { StringEquals: { "kms:ViaService": i.regions.map((r) => `s3.${r}.amazonaws.com`) }, StringLike: { "kms:EncryptionContext:aws:s3:arn": [stateArn(i), `${stateArn(i)}/*`] } },
    },
  ];
}

/** The plan role's permissions. */
export function planRoleStatements(i: CicdPolicyInput): PolicyStatement[] {
  return [
    { Sid: "ReadInfrastructure", Effect: "Allow", Action: [...PLAN_READ_ACTIONS], Resource: "*" },
    ...stateStatements(i, false),
    {
      Sid: "NoDataOutsideTheState",
      Effect: "Deny",
      Action: ["s3:GetObject", "s3:GetObjectVersion", "secretsmanager:GetSecretValue", "ssm:GetParameter*", "ec2:GetPasswordData", "rds:DownloadDBLogFilePortion"],
      NotResource: [`${stateArn(i)}/${i.envName}/*`],
    },
  ];
}

/** The apply role's permissions. */
export function applyRoleStatements(i: CicdPolicyInput): PolicyStatement[] {
  const regions = [...new Set([...i.regions, "us-east-1"])];
  const iam = (kind: string) => `arn:aws:iam::${i.account}:${kind}/${i.envName}-*`;
  return [
    { Sid: "ManageTheStacksServices", Effect: "Allow", Action: APPLY_SERVICES.map((s) => `${s}:*`), Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": regions } } },
    { Sid: "ReadIdentity", Effect: "Allow", Action: ["sts:GetCallerIdentity", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetOpenIDConnectProvider"], Resource: "*" },
    { Sid: "EnvironmentRoles", Effect: "Allow", Action: [...APPLY_IAM_ACTIONS], Resource: [iam("role"), iam("instance-profile")] },
    {
      Sid: "ServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: `arn:aws:iam::${i.account}:role/aws-service-role/*`,
    },
    ...stateStatements(i, true),
    {
      Sid: "KeepThePipelinesFoundations",
      Effect: "Deny",
      Action: ["iam:Create*", "iam:Delete*", "iam:Put*", "iam:Attach*", "iam:Detach*", "iam:Update*", "iam:Tag*", "iam:Untag*", "iam:PassRole", "iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider"],
      Resource: [...i.roleNames.map((n) => `arn:aws:iam::${i.account}:role/${n}`), `arn:aws:iam::${i.account}:oidc-provider/token.actions.githubusercontent.com`],
    },
    {
      Sid: "KeepTheStateBucket",
      Effect: "Deny",
      Action: ["s3:DeleteBucket", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls", "s3:DeleteObjectVersion"],
      Resource: [stateArn(i), `${stateArn(i)}/*`],
    },
  ];
}

/** The trust policy: GitHub's OIDC tokens of `repository` whose `sub` matches one of `subjects`, for STS only. */
export function githubTrustStatements(providerArn: string, repository: string, subjects: readonly string[]): PolicyStatement[] {
  return [
    {
      Sid: "GitHubActionsOfTheRepository",
      Effect: "Allow",
      Principal: { Federated: providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        StringLike: { "token.actions.githubusercontent.com:sub": subjects.map((s) => `repo:${repository}:${s}`) },
      },
    },
  ];
}
