import * as pulumi from "@pulumi/pulumi";
import type { Secret } from "./secret";

/** A config secret as a Pulumi secret output: the one way a secret leaves the config layer. */
export function secretOutput(value: Secret): pulumi.Output<string> {
    return pulumi.secret(value.reveal());
}
