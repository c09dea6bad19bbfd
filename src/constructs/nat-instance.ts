/**
 * A NAT instance that heals itself, with an egress address that never changes.
 */
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { NetworkInterface } from "@cdktf/provider-aws/lib/network-interface";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { isCidr, parseCidr } from "../lib/cidr";
import { azSuffix, resourceName } from "../lib/naming";
import { policyJson, serviceTrustPolicy } from "../lib/policy";
import { userDataBase64 } from "../lib/user-data";

/** Props of {@link NatInstances}. */
export interface NatInstancesProps {
  /** Environment name, account and region. */
  readonly envName: string;
  readonly account: string;
  readonly region: string;
  /** AZs, in order. */
  readonly azs: readonly string[];
  /** The VPC and its CIDR (the only source NAT accepts traffic from). */
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** Public subnets, one per AZ, and their CIDRs (the AZ's router address is the CIDR's first address + 1). */
  readonly publicSubnets: readonly Subnet[];
  readonly publicSubnetCidrs: readonly string[];
  /** EC2 instance type (arm64 by default, matching `amiParameter`). */
  readonly instanceType: string;
  /** SSM parameter naming the AMI (`resolve:ssm:` keeps planning offline). */
  readonly amiParameter: string;
  /** Tags for launched instances and volumes (default_tags do not reach them). */
  readonly instanceTags: Readonly<Record<string, string>>;
  /** The Elastic IPs need the internet gateway attached first. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/** The router of a subnet: its first address + 1 (AWS reserves it for the VPC router). */
function subnetRouter(cidr: string): string {
  const parsed = parseCidr(cidr);
  if (!isCidr(parsed)) throw new Error(`invalid subnet CIDR ${cidr}`);
  const ip = parsed.first + 1;
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".");
}

/** Consecutive failed health checks (one a minute) before a NAT instance marks itself unhealthy. */
export const NAT_HEALTH_FAILURES = 3;

/** Inputs of {@link natUserData}. */
export interface NatUserDataProps {
  readonly region: string;
  /** The AZ's fixed interface: its id (attach) and MAC (find the device name). */
  readonly eniId: string;
  readonly eniMac: string;
  /** The public subnet's router address. */
  readonly router: string;
  readonly vpcCidr: string;
  /** The instance's Auto Scaling group: it marks itself Unhealthy there when forwarding is broken. */
  readonly asgName: string;
}

/**
 * Boot script of a NAT instance.
 *
 * First boot only: attach the AZ's fixed network interface (it carries the
 * Elastic IP and is the private route tables' target; the attachment survives
 * reboots).
 *
 * Every boot: `nat-setup.service`, a systemd oneshot unit, enables forwarding,
 * adds the MASQUERADE rule and routes out of the fixed interface. Idempotent,
 * so a reboot (or `systemctl restart nat-setup`) restores egress; first-boot
 * user data alone would lose all three at the first reboot.
 *
 * Every minute: `nat-health.timer` checks that forwarding is on, the
 * MASQUERADE rule is there, the default route leaves through the fixed
 * interface and an HTTPS request out of it gets an answer. After
 * {@link NAT_HEALTH_FAILURES} failures in a row the instance reports itself
 * Unhealthy to its Auto Scaling group (`set-instance-health`), which replaces
 * it; the EC2 status check alone cannot see a NAT that runs but no longer
 * forwards. Bash `${...}` is avoided: Terraform would read it as interpolation.
 */
export function natUserData(p: NatUserDataProps): string {
  return `#!/bin/bash
# NAT instance bootstrap (rendered by cdktf; see src/constructs/nat-instance.ts)
set -euo pipefail
TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
IID=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)
dnf install -y iptables-nft
# 1. Take over the fixed interface (Elastic IP + route target). Retry while the old instance lets go.
for attempt in $(seq 1 30); do
  aws ec2 attach-network-interface --region ${p.region} --instance-id "$IID" --device-index 1 --network-interface-id ${p.eniId} && break
  sleep 10
done
# 2. Forward, masquerade and route out of the fixed interface at every boot (R2.8, R3.2).
cat > /usr/local/sbin/nat-setup <<'SETUP'
#!/bin/bash
# Idempotent: run at every boot by nat-setup.service.
set -euo pipefail
for attempt in $(seq 1 60); do
  IFACE=$(ip -o link | awk -v mac="${p.eniMac}" 'tolower($0) ~ tolower(mac) {sub(":", "", $2); print $2}')
  [ -n "$IFACE" ] && break
  sleep 2
done
[ -n "$IFACE" ] || { echo "the fixed NAT interface ${p.eniMac} is not attached" >&2; exit 1; }
ip link set dev "$IFACE" up
sysctl -w net.ipv4.ip_forward=1
sysctl -w net.ipv4.conf.all.send_redirects=0
iptables -t nat -C POSTROUTING -o "$IFACE" -s ${p.vpcCidr} -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o "$IFACE" -s ${p.vpcCidr} -j MASQUERADE
ip route replace default via ${p.router} dev "$IFACE" metric 10
echo "$IFACE" > /run/nat-interface
SETUP
chmod 0755 /usr/local/sbin/nat-setup
printf 'net.ipv4.ip_forward = 1\\nnet.ipv4.conf.all.send_redirects = 0\\n' > /etc/sysctl.d/90-nat.conf
cat > /etc/systemd/system/nat-setup.service <<'UNIT'
[Unit]
Description=NAT: forwarding, MASQUERADE and the route out of the fixed interface
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/nat-setup

[Install]
WantedBy=multi-user.target
UNIT
# 3. Health: a NAT that no longer forwards reports itself Unhealthy; its group replaces it.
cat > /usr/local/sbin/nat-health <<'HEALTH'
#!/bin/bash
set -uo pipefail
STATE=/run/nat-health-failures
IFACE=$(cat /run/nat-interface 2>/dev/null || true)
ok=1
[ -n "$IFACE" ] || ok=0
[ "$(sysctl -n net.ipv4.ip_forward)" = "1" ] || ok=0
iptables -t nat -C POSTROUTING -o "$IFACE" -s ${p.vpcCidr} -j MASQUERADE 2>/dev/null || ok=0
ip route show default | grep -q "dev $IFACE " || ok=0
curl -sS -o /dev/null --max-time 10 --interface "$IFACE" https://ec2.${p.region}.amazonaws.com/ || ok=0
if [ "$ok" = "1" ]; then echo 0 > "$STATE"; exit 0; fi
failures=$(( $(cat "$STATE" 2>/dev/null || echo 0) + 1 ))
echo "$failures" > "$STATE"
echo "NAT health check failed ($failures in a row)" >&2
if [ "$failures" -ge ${NAT_HEALTH_FAILURES} ]; then
  TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
  IID=$(curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)
  aws autoscaling set-instance-health --region ${p.region} --instance-id "$IID" --health-status Unhealthy
fi
exit 1
HEALTH
chmod 0755 /usr/local/sbin/nat-health
cat > /etc/systemd/system/nat-health.service <<'UNIT'
[Unit]
Description=NAT health check (Auto Scaling group ${p.asgName})
After=nat-setup.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/nat-health
UNIT
cat > /etc/systemd/system/nat-health.timer <<'UNIT'
[Unit]
Description=NAT health check every minute

[Timer]
OnBootSec=3min
OnUnitActiveSec=1min

[Install]
WantedBy=timers.target
UNIT
systemctl daemon-reload
systemctl enable --now nat-setup.service
systemctl enable --now nat-health.timer
`;
}

/**
 * Per AZ: a fixed network interface (source/destination check off) holding an
 * Elastic IP, and an Auto Scaling group of one instance that attaches it at
 * boot. When the instance fails, the group replaces it and the new one takes
 * the same interface: routes and egress IP stay (R2.8, R3.2). Cheaper than a
 * NAT gateway; the gateway remains the production choice.
 */
export class NatInstances extends Construct {
  /** Egress Elastic IPs, one per AZ. */
  readonly publicIps: string[] = [];
  /** The fixed interface private route tables of AZ i route to. */
  readonly interfaceIdForAz: (azIndex: number) => string;

  constructor(scope: Construct, id: string, props: NatInstancesProps) {
    super(scope, id);
    const name = resourceName(props.envName, "nat");
    const sg = new SecurityGroup(this, "sg", {
      name,
      description: `NAT instances (${props.envName})`,
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    new VpcSecurityGroupIngressRule(this, "in-vpc", {
      securityGroupId: sg.id,
      ipProtocol: "-1",
      cidrIpv4: props.vpcCidr,
      description: "Traffic of the private subnets to translate",
    });
    // A NAT forwards to anywhere by design: the documented exception to CKV_AWS_382.
    new VpcSecurityGroupEgressRule(this, "out-all", {
      securityGroupId: sg.id,
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
      description: "Translated traffic to the internet",
    });

    const role = new IamRole(this, "role", {
      name,
      description: "NAT instances: attach their AZ's fixed interface; Session Manager",
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
      tags: { Name: name },
    });
    new IamRolePolicyAttachment(this, "ssm", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    });
    const profile = new IamInstanceProfile(this, "profile", { name, role: role.name, tags: { Name: name } });

    const interfaces: NetworkInterface[] = [];
    props.azs.forEach((az, i) => {
      const a = azSuffix(az);
      const eni = new NetworkInterface(this, `eni-${a}`, {
        subnetId: props.publicSubnets[i].id,
        securityGroups: [sg.id],
        sourceDestCheck: false,
        description: `Fixed NAT interface of ${az} (route target, holds the egress IP)`,
        tags: { Name: resourceName(props.envName, "nat", a) },
      });
      interfaces.push(eni);
      const eip = new Eip(this, `eip-${a}`, {
        domain: "vpc",
        networkInterface: eni.id,
        tags: { Name: resourceName(props.envName, "nat", a) },
        dependsOn: [...props.dependsOn],
      });
      this.publicIps.push(eip.publicIp);

      const template = new LaunchTemplate(this, `lt-${a}`, {
        name: resourceName(props.envName, "nat", a),
        description: `NAT instance of ${az}`,
        imageId: `resolve:ssm:${props.amiParameter}`,
        instanceType: props.instanceType,
        iamInstanceProfile: { arn: profile.arn },
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        monitoring: { enabled: true },
        // The boot interface needs a public address to reach the EC2 API before it owns the fixed one.
        networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true", securityGroups: [sg.id], deleteOnTermination: "true" }],
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeType: "gp3", volumeSize: 8, encrypted: "true", deleteOnTermination: "true" } }],
        userData: userDataBase64(
          natUserData({
            region: props.region,
            eniId: eni.id,
            eniMac: eni.macAddress,
            router: subnetRouter(props.publicSubnetCidrs[i]),
            vpcCidr: props.vpcCidr,
            asgName: resourceName(props.envName, "nat", a),
          }),
        ),
        tagSpecifications: ["instance", "volume"].map((resourceType) => ({
          resourceType,
          tags: { ...props.instanceTags, Name: resourceName(props.envName, "nat", a), Role: "nat", NatInterface: `${props.envName}-nat-${a}` },
        })),
        tags: { Name: resourceName(props.envName, "nat", a) },
      });
      new AutoscalingGroup(this, `asg-${a}`, {
        name: resourceName(props.envName, "nat", a),
        minSize: 1,
        maxSize: 1,
        desiredCapacity: 1,
        vpcZoneIdentifier: [props.publicSubnets[i].id],
        launchTemplate: { id: template.id, version: template.latestVersion.toString() },
        // EC2 status checks, plus the instance's own forwarding check (nat-health, set-instance-health).
        healthCheckType: "EC2",
        healthCheckGracePeriod: 120,
        instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 0 } },
        tag: [
          { key: "Name", value: resourceName(props.envName, "nat", a), propagateAtLaunch: true },
          ...Object.entries(props.instanceTags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
        ],
      });
    });

    // Each instance may attach only the fixed NAT interfaces, to instances tagged as NAT instances.
    new IamRolePolicy(this, "attach-interface", {
      role: role.id,
      name: "attach-fixed-nat-interface",
      policy: policyJson([
        {
          Sid: "AttachFixedInterface",
          Effect: "Allow",
          Action: "ec2:AttachNetworkInterface",
          Resource: interfaces.map((eni) => `arn:aws:ec2:${props.region}:${props.account}:network-interface/${eni.id}`),
        },
        {
          Sid: "ToNatInstancesOnly",
          Effect: "Allow",
          Action: "ec2:AttachNetworkInterface",
          Resource: `arn:aws:ec2:${props.region}:${props.account}:instance/*`,
          Condition: { StringEquals: { "aws:ResourceTag/Role": "nat" } },
        },
      ]),
    });
    // A NAT instance whose forwarding broke marks itself Unhealthy, in its environment's NAT groups only.
    new IamRolePolicy(this, "report-health", {
      role: role.id,
      name: "report-own-nat-health",
      policy: policyJson([
        {
          Sid: "ReportHealthToNatGroups",
          Effect: "Allow",
          Action: "autoscaling:SetInstanceHealth",
          Resource: props.azs.map((az) => `arn:aws:autoscaling:${props.region}:${props.account}:autoScalingGroup:*:autoScalingGroupName/${resourceName(props.envName, "nat", azSuffix(az))}`),
        },
      ]),
    });
    this.interfaceIdForAz = (i) => interfaces[i].id;
  }
}
