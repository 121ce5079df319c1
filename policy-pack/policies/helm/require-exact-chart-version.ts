import type { ResourceValidationPolicy } from "@pulumi/policy";

export const helmReleaseType = "kubernetes:helm.sh/v3:Release";

const exact = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** H1: a Helm release installs one exact chart version: no range, no devel build, never "latest". */
export const requireExactChartVersion: ResourceValidationPolicy = {
    name: "require-exact-chart-version",
    description: "Helm releases pin an exact chart version (no range, no devel), so every environment installs the same chart.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, report) => {
        if (args.type !== helmReleaseType) {
            return;
        }
        const version = args.props.version as unknown;
        if (version === undefined || version === null || version === "") {
            report("Helm releases must pin a chart version; set `version` to an exact release such as 1.2.3 (from modules/addons/versions.ts).");
        } else if (typeof version === "string" && !exact.test(version)) {
            report(`Chart version '${version}' is not exact; pin one release such as 1.2.3 instead of a range or tag.`);
        }
        if (args.props.devel === true) {
            report("`devel: true` installs development builds; remove it and pin a released chart version.");
        }
    },
};
