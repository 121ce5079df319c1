/**
 * npm run compat [-- --kubernetes 1.35]
 *
 * The upgrade-planning matrix: every pinned chart (modules/addons/versions.ts) against the
 * Kubernetes versions the platform supports, or only against --kubernetes. Exits 1 when
 * --kubernetes is given and some pinned chart does not support it. Logic: modules/addons/compatibility.ts.
 */
import { parseArgs } from "util";
import { supportedKubernetesVersions } from "../modules/config/sections/cluster";
import { compatibilityMatrix, parseMinor } from "../modules/addons/compatibility";

function main(): number {
    let values;
    try {
        ({ values } = parseArgs({ options: { kubernetes: { type: "string" } }, strict: true }));
        if (values.kubernetes !== undefined) {
            parseMinor(values.kubernetes);
        }
    } catch (e) {
        console.error(`${(e as Error).message}\nusage: npm run compat [-- --kubernetes 1.35]`);
        return 2;
    }
    const versions = values.kubernetes ? [values.kubernetes] : [...supportedKubernetesVersions];
    const rows = compatibilityMatrix(versions);
    const width = Math.max(...rows.map((r) => `${r.chart} ${r.version}`.length));
    console.log(`${"chart".padEnd(width)}  ${versions.map((v) => v.padStart(5)).join(" ")}`);
    for (const r of rows) {
        console.log(`${`${r.chart} ${r.version}`.padEnd(width)}  ${versions.map((v) => (r.supports[v] ? "yes" : "NO").padStart(5)).join(" ")}`);
    }
    const blocking = values.kubernetes ? rows.filter((r) => !r.supports[values.kubernetes as string]) : [];
    if (blocking.length > 0) {
        console.log(`\n${blocking.length} chart(s) do not support Kubernetes ${values.kubernetes}: bump them in modules/addons/versions.ts before upgrading a cluster that installs them.`);
        return 1;
    }
    return 0;
}

process.exit(main());
