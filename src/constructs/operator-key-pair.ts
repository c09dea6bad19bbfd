/**
 * The operators' SSH key pair, imported from a PUBLIC key in the definition (R2.1).
 */
import { KeyPair } from "@cdktf/provider-aws/lib/key-pair";
import { Construct } from "constructs";

/** Props of {@link OperatorKeyPair}. */
export interface OperatorKeyPairProps {
  /** Key pair name; also the `Name` tag. */
  readonly name: string;
  /** OpenSSH public key line. Never a private key: AWS only ever sees the public half. */
  readonly publicKey: string;
}

/** An EC2 key pair of an existing public key; no private key is generated, stored or output. */
export class OperatorKeyPair extends Construct {
  /** The key pair name launch templates reference. */
  readonly keyName: string;

  constructor(scope: Construct, id: string, props: OperatorKeyPairProps) {
    super(scope, id);
    if (/PRIVATE KEY/.test(props.publicKey)) throw new Error(`OperatorKeyPair ${id}: a private key was given; pass the public key only`);
    const pair = new KeyPair(this, "key-pair", { keyName: props.name, publicKey: props.publicKey, tags: { Name: props.name } });
    this.keyName = pair.keyName;
  }
}
