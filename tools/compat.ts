/**
 * npm run compat [-- --kubernetes 1.35]
 *
 * The upgrade-planning matrix: every pinned chart (modules/addons/versions.ts) against the
 * Kubernetes versions the platform supports, or only against --kubernetes; then the EKS managed
 * add-ons' pinned versions per Kubernetes version ("EKS default" where no version is verified).
 * Exits 1 when --kubernetes is given and some pinned chart does not support it, or when the EKS
 * add-on table has a problem. Logic: modules/addons/compatibility.ts.
 */
import { parseArgs } from "util";
import { kubernetesVersions, supportedKubernetesVersions } from "../modules/config/sections/cluster";
import { compatibilityMatrix, eksAddonMatrix, eksAddonProblems, parseMinor } from "../modules/addons/compatibility";

/** The EKS managed add-ons' versions per Kubernetes version; returns the table's problems. */
function printEksAddons(versions: readonly string[]): string[] {
    const eksVersions = versions.filter((v) => (kubernetesVersions.aws as readonly string[]).includes(v));
    const problems = eksAddonProblems();
    if (eksVersions.length === 0) {
        return problems;
    }
    const rows = eksAddonMatrix(eksVersions);
    const cell = (v: string | undefined) => v ?? "EKS default (unverified)";
    const widths = eksVersions.map((k) => Math.max(k.length, ...rows.map((r) => cell(r.versions[k]).length)));
    const nameWidth = Math.max("EKS add-on".length, ...rows.map((r) => r.addon.length));
    console.log(`\n${"EKS add-on".padEnd(nameWidth)}  ${eksVersions.map((k, i) => k.padEnd(widths[i])).join("  ")}`.trimEnd());
    for (const r of rows) {
        console.log(`${r.addon.padEnd(nameWidth)}  ${eksVersions.map((k, i) => cell(r.versions[k]).padEnd(widths[i])).join("  ")}`.trimEnd());
    }
    return problems;
}

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
    const eksProblems = printEksAddons(versions);
    const blocking = values.kubernetes ? rows.filter((r) => !r.supports[values.kubernetes as string]) : [];
    if (blocking.length > 0) {
        console.log(
            `\n${blocking.length} chart(s) do not support Kubernetes ${values.kubernetes}: bump them in modules/addons/versions.ts before upgrading a cluster that installs them.`,
        );
    }
    if (eksProblems.length > 0) {
        console.log(`\nThe EKS add-on table in modules/addons/versions.ts has problems:\n${eksProblems.map((p) => `  ${p}`).join("\n")}`);
    }
    return blocking.length > 0 || eksProblems.length > 0 ? 1 : 0;
}

process.exit(main());
