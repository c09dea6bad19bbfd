/**
 * The base of every stack of an environment: the AWS provider with the
 * environment's default tags and account guard, and the S3 backend with native
 * locking. Stacks extend it and compose constructs; they hold no resource logic.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { Construct, Node } from "constructs";
import { Environment } from "../config/definition";
import { OutputTable, OutputValues } from "../contract/output-spec";
import { readRemoteState } from "../contract/remote-state";
import { StackKind, stackName, stateLocation } from "../contract/state-location";
import { resourceAddressName } from "../lib/address";
import { LIFECYCLE_CONTEXT } from "../lib/lifecycle";

/** Tags every resource of an environment carries, through the provider's `default_tags`. */
export function environmentTags(env: Environment, kind: StackKind): Record<string, string> {
  return {
    Project: env.tags.Project ?? env.name,
    ...env.tags,
    Environment: env.name,
    Stack: kind,
    ManagedBy: "cdktf",
  };
}

/** Options of {@link EnvironmentStack}. */
export interface EnvironmentStackOptions {
  /**
   * Where the stack keeps its state. `local` only for the state bucket stack,
   * which must exist before any S3 backend can be initialized.
   * @default "s3"
   */
  readonly backend?: "s3" | "local";
  /** Region of the stack's default provider. @default - the environment's region */
  readonly region?: string;
}

/** A stack of one environment, named `<env>-<kind>`. */
export class EnvironmentStack extends TerraformStack {
  /** The validated environment. */
  readonly env: Environment;
  /** `network`, `data`, ... */
  readonly kind: StackKind;
  /** The default AWS provider. */
  readonly provider: AwsProvider;

  constructor(scope: Construct, env: Environment, kind: StackKind, options: EnvironmentStackOptions = {}) {
    super(scope, stackName(env.name, kind));
    // `lifecycle` reaches every construct of the stack (src/lib/lifecycle.ts protectionOf).
    this.node.setContext(LIFECYCLE_CONTEXT, env.lifecycle);
    this.env = env;
    this.kind = kind;
    this.provider = new AwsProvider(this, "aws", {
      region: options.region ?? env.region,
      allowedAccountIds: [env.account],
      defaultTags: [{ tags: environmentTags(env, kind) }],
    });

    if ((options.backend ?? "s3") === "local") {
      // Relative to cdktf.out/stacks/<stack>/: the project root. Keep this file safe
      // (or migrate it into the bucket after the first deploy, see README).
      new LocalBackend(this, { path: `../../../${stackName(env.name, kind)}.tfstate` });
    } else {
      const location = stateLocation(env, kind);
      new S3Backend(this, { bucket: location.bucket, key: location.key, region: location.region, encrypt: true });
      // S3 native locking (Terraform >= 1.10); cdktf 0.21's S3Backend props lack it.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    }
  }

  /** Address → construct path of every resource named so far (two paths may not share an address). */
  private readonly addresses = new Map<string, string>();

  /**
   * Readable, stable Terraform addresses without cdktf's hash suffix, so plans
   * read like hand-written Terraform: resources and data sources follow the
   * address rule of src/lib/address.ts (`aws_lb.alb`, `aws_subnet.vpc_web-a`);
   * other elements (outputs, providers) keep their id. Construct ids are
   * therefore API: renaming one replaces the resource (see the address-pinning
   * tests). Two resources of one type that would get one address are refused.
   */
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const parts = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id);
    if (!TerraformResource.isTerraformResource(element) && !TerraformDataSource.isTerraformDataSource(element)) {
      return parts.join("_").replace(/[^A-Za-z0-9_-]/g, "_");
    }
    const name = resourceAddressName(element.terraformResourceType, parts);
    const address = `${element.terraformResourceType}.${name}`;
    const path = parts.join("/");
    const previous = this.addresses.get(address);
    if (previous !== undefined && previous !== path) {
      throw new Error(`${this.node.id}: ${path} and ${previous} would share the address ${address}; rename one construct id`);
    }
    this.addresses.set(address, path);
    return name;
  }

  /**
   * A second AWS provider of this stack (`alias`, in `region`), with the same
   * account guard and default tags as the stack's own: the one way stacks make
   * one (us-east-1 for CloudFront and Route 53 DNSSEC/query logs, the DR or the
   * primary region for cross-region resources).
   */
  protected aliasedProvider(id: string, alias: string, region: string): AwsProvider {
    return new AwsProvider(this, id, {
      alias,
      region,
      allowedAccountIds: [this.env.account],
      defaultTags: [{ tags: environmentTags(this.env, this.kind) }],
    });
  }

  /** Read the outputs of upstream stack `kind` of this environment, typed by its contract table. */
  protected upstream<T extends OutputTable>(kind: StackKind, table: T): OutputValues<T> {
    return readRemoteState(this, stateLocation(this.env, kind), table);
  }
}
