/**
 * How Vault unseals: with a key the stack creates in the cloud's KMS (the cluster's `kms` capability
 * states the seal in its cloud's terms and what Vault's identity may do with the key), or with Shamir
 * keys where the cluster has no KMS. Pure.
 */
import * as pulumi from "@pulumi/pulumi";
import type { VaultSeal } from "../../../cluster/contract";
import { ConfigError } from "../../../config";
import type { SecurityConfig } from "../../../config/sections/security";

/** Vault's seal: the cloud key's, or Shamir (`undefined`). */
export type Seal = VaultSeal | undefined;

/** Resolves `security.vault.unseal` against the cluster: `auto` is KMS where the cluster offers one, Shamir elsewhere. */
export function unsealMode(setting: SecurityConfig["vault"]["unseal"], hasKms: boolean): "kms" | "shamir" {
    const mode = setting === "auto" ? (hasKms ? "kms" : "shamir") : setting;
    if (mode === "kms" && !hasKms) {
        throw new ConfigError([
            { path: "security.vault.unseal", message: "'kms' needs a cluster whose cloud offers a KMS (an existing cluster has none); use 'shamir' or 'auto'" },
        ]);
    }
    return mode;
}

/** Vault's seal type for outputs: the cloud's (`awskms`, ...) or `shamir`. */
export function sealType(seal: Seal): string {
    return seal?.type ?? "shamir";
}

/** The HCL `seal` stanza ("" for Shamir). */
export function sealStanza(seal: Seal): pulumi.Output<string> {
    return seal ? seal.stanza : pulumi.output("");
}
