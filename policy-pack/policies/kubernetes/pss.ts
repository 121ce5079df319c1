/**
 * The `pss-baseline` and `pss-restricted` rule groups: exactly the Pod Security Standards controls of each
 * level (v1.37), as our rules with the parameters that make them say what the standard says.
 */
import { BASELINE_CAPABILITIES } from "./pod-security";

/** A rule of a group, with parameters that override the rule's defaults inside that group. */
export interface GroupMember {
    name: string;
    params?: Record<string, unknown>;
}

/** Baseline: host namespaces, privileged, capabilities (default set), hostPath, host ports, AppArmor,
 * SELinux, /proc mount (relaxed in user namespaces), seccomp (no Unconfined), sysctls, HostProcess,
 * probe/lifecycle host. */
export const PSS_BASELINE: GroupMember[] = [
    { name: "disallow-host-process" },
    { name: "disallow-host-namespaces" },
    { name: "disallow-host-network-and-ports", params: { hostNetwork: false, min: 0, max: 0, exemptImages: [] } },
    { name: "disallow-privileged-containers", params: { exemptImages: [] } },
    {
        name: "require-drop-all-capabilities",
        params: { allowedCapabilities: BASELINE_CAPABILITIES, requiredDropCapabilities: [], exemptImages: [] },
    },
    { name: "disallow-host-path-volumes", params: { allowedHostPaths: [] } },
    { name: "restrict-apparmor-profile" },
    { name: "restrict-selinux-options" },
    { name: "require-default-proc-mount", params: { allowUnmaskedInUserNamespace: true, exemptImages: [] } },
    {
        name: "require-seccomp-profile",
        params: { allowedProfiles: ["RuntimeDefault", "Localhost", "not configured"], allowedLocalhostFiles: ["*"], exemptImages: [] },
    },
    { name: "restrict-sysctls", params: { rejectInjectedValues: false } },
    { name: "disallow-probe-host" },
];

/** Restricted: everything in baseline, with capabilities, /proc mount and seccomp at their strict setting,
 * plus volume types, privilege escalation and running as non-root. */
export const PSS_RESTRICTED: GroupMember[] = [
    ...PSS_BASELINE.filter((m) => !["require-drop-all-capabilities", "require-default-proc-mount", "require-seccomp-profile"].includes(m.name)),
    {
        name: "require-drop-all-capabilities",
        params: { allowedCapabilities: ["NET_BIND_SERVICE"], requiredDropCapabilities: ["ALL"], exemptImages: [] },
    },
    { name: "require-default-proc-mount", params: { allowUnmaskedInUserNamespace: false, exemptImages: [] } },
    {
        name: "require-seccomp-profile",
        params: { allowedProfiles: ["RuntimeDefault", "Localhost"], allowedLocalhostFiles: ["*"], exemptImages: [] },
    },
    { name: "restrict-volume-types" },
    { name: "disallow-privilege-escalation", params: { exemptImages: [] } },
    { name: "require-run-as-non-root", params: { exemptImages: [] } },
];
