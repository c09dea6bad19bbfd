/**
 * The `usage` section of an environment definition: the monthly figures the
 * cost estimate (`npm run cost -- <env>`, src/tools/cost/) cannot read from the
 * synthesized resources — traffic, stored data, logs. Every cost line that
 * uses one of them says "assumed" and names the field; the rest say "fixed".
 *
 * Every field is optional; the defaults describe a small site. Presets state
 * their own figures (media-commerce: 3 TB of media and more).
 * Traffic figures are for the primary region; a DR region standing by gets
 * `drTrafficPercent` of them.
 */
import { z } from "zod";

const amount = (what: string) => z.number().min(0, `a non-negative number (${what})`);
const percent = z.number().min(0, "a percentage from 0 to 100").max(100, "a percentage from 0 to 100");

/** Schema of the `usage` section. */
export const usageSchema = z.strictObject({
  /** HTTP requests to the site per month, in millions (ALB LCUs, WAF, CloudFront requests). @default 10 */
  requestsMillions: amount("millions of requests per month").default(10),
  /** GB per month served to the internet (through CloudFront when the environment has a CDN, else from the ALB). @default 100 */
  internetEgressGb: amount("GB per month").default(100),
  /** GB per month the public load balancer processes (LCUs). @default - internetEgressGb */
  albProcessedGb: amount("GB per month").optional(),
  /** GB per month through the NAT gateways (updates, external APIs), spread over the gateways. @default 50 */
  natProcessedGb: amount("GB per month").default(50),
  /** Route 53 standard queries per month, in millions (alias queries to AWS resources are free). @default 1 */
  dnsQueriesMillions: amount("millions of queries per month").default(1),
  /** GB of media in the media bucket (each copy holds the same). @default 0 */
  mediaStoredGb: amount("GB").default(0),
  /** GB of new media per month (PUTs, replication, backup changes). @default 0 */
  mediaNewGbPerMonth: amount("GB per month").default(0),
  /** Average media object size in MB (object counts for Intelligent-Tiering monitoring and PUTs). @default 1 */
  mediaAverageObjectMb: z.number().gt(0, "a positive number of MB").default(1),
  /** Share of the media in Intelligent-Tiering's Frequent Access tier; the rest is taken as Infrequent Access. @default 30 */
  mediaFrequentPercent: percent.default(30),
  /** GB stored in the shared file system (EFS). @default 10 */
  efsStoredGb: amount("GB").default(10),
  /** Share of the EFS data in Infrequent Access (with a lifecycle policy). @default 50 */
  efsInfrequentPercent: percent.default(50),
  /** GB of the Aurora cluster volume (RDS instances take their allocated storage). @default 20 */
  databaseStorageGb: amount("GB").default(20),
  /** Aurora I/O requests per month, in millions. @default 50 */
  databaseIoMillions: amount("millions of I/O requests per month").default(50),
  /** GB per month ingested into the environment's log groups other than flow logs, spread over them. @default 10 */
  logsIngestedGb: amount("GB per month").default(10),
  /** GB per month of VPC flow logs per VPC. @default 5 */
  flowLogsGb: amount("GB per month").default(5),
  /** GB held in each bucket that is not a media bucket (state, ALB and audit logs). @default 5 */
  otherBucketStoredGb: amount("GB").default(5),
  /** Share of a backed-up resource that changes per day (incremental recovery points). @default 1 */
  backupDailyChangePercent: percent.default(1),
  /** CloudTrail data events per month, in thousands (object reads and writes of the Terraform state bucket: every plan and apply reads and writes state and lock objects). @default 50 */
  auditDataEventsThousands: amount("thousands of data events per month").default(50),
  /** Share of the traffic figures a DR region standing by sees (health checks, replication, its own updates). @default 5 */
  drTrafficPercent: percent.default(5),
  /** Where most viewers are, for CloudFront's prices. @default "korea" */
  cdnViewerArea: z.enum(["korea", "japan"]).default("korea"),
});

/** The parsed `usage` section, every default filled in. */
export type Usage = z.output<typeof usageSchema>;
/** The `usage` section as a user writes it. */
export type UsageInput = z.input<typeof usageSchema>;
