/**
 * Test fixtures for the security area: the security add-ons (and, when given rendered rules,
 * admission control and the platform network policies) planned on the stand-in cluster of a cloud,
 * whose KMS and identity binder record what they are asked, so cloud wiring (Vault's seal, DNS-01)
 * is testable without the cloud cluster modules.
 */
import type { AdmissionPolicy } from "../../../modules/addons/admission";
import { certManager } from "../../../modules/addons/security/cert-manager";
import { falco } from "../../../modules/addons/security/falco";
import { identity } from "../../../modules/addons/security/identity";
import { rbac } from "../../../modules/addons/security/rbac";
import { vault } from "../../../modules/addons/security/vault";
import type { RecordedResource } from "../../../modules/plan/model";
import { AddonsRun, ManagedCloud, planAddonsOn } from "../../fakes/cluster";
import type { TestConfig } from "../../harness";

export { at, principalFor } from "../../fakes/cluster";
export type Cloud = ManagedCloud;

/** Runs the security add-ons on a stand-in `cloud` cluster for `config` (cluster section replaced); with `policies`, Gatekeeper and the network policies too. */
export function runOnCloud(cloud: Cloud, config: TestConfig, policies?: AdmissionPolicy[]): Promise<AddonsRun> {
    return planAddonsOn(cloud, config, { addons: [certManager, vault, falco, identity, rbac], admission: policies ? { policies } : undefined });
}

/** Values of a release (props hold resolved values). */
export function valuesOf(release: RecordedResource): Record<string, unknown> {
    return release.props.values as Record<string, unknown>;
}
