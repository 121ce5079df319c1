import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forType, isUnknown, versionCore } from "../../lib/inputs";
import { chartTypes } from "./release";

export { helmReleaseType } from "./release";

const exact = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** H1: a Helm release installs one exact chart version: no range, no devel build, never "latest". */
export const requireExactChartVersion: ResourceValidationPolicy = {
    name: "require-exact-chart-version",
    description: "Helm releases pin an exact chart version (no range, no devel), so every environment installs the same chart.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            allowPrerelease: {
                type: "boolean",
                default: false,
                description: "Accept exact pre-release versions such as 1.2.3-rc.1. Default: false (released versions only).",
            },
        },
    },
    validateResource: forType(chartTypes, (props, args, report) => {
        const { allowPrerelease } = args.getConfig<{ allowPrerelease?: boolean }>();
        if (isUnknown(props, "version")) {
            return;
        }
        const version = props.version as unknown;
        if (version === undefined || version === null || version === "") {
            report("Helm releases must pin a chart version; set `version` to an exact release such as 1.2.3 (from modules/addons/versions.ts).");
        } else if (typeof version !== "string" || !exact.test(version)) {
            report(`Chart version '${String(version)}' is not exact; pin one release such as 1.2.3 instead of a range or tag.`);
        } else if (!allowPrerelease && versionCore(version) && /^v?\d+\.\d+\.\d+-/.test(version)) {
            report(`Chart version '${version}' is a pre-release; pin a released version (or set allowPrerelease for this environment).`);
        }
        if (props.devel === true) {
            report("`devel: true` installs development builds; remove it and pin a released chart version.");
        }
    }),
};
