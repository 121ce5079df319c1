/**
 * Pod Security Admission parity: every PSS fixture (shared/corpus/pod-security-admission) is submitted with
 * dry-run into a namespace enforcing baseline and one enforcing restricted (labels
 * pod-security.kubernetes.io/enforce, version latest: the API server's own, 1.35). The real verdict
 * (admitted, or refused: forbidden by PodSecurity, or invalid before admission) must equal
 * `npm run policy -- check --rules pss-<level>` on the same file, through the CLI's own function
 * (policy-pack/cli/check.ts runCheck) in this process. A difference due only to a control the standard
 * changed after 1.35 (versionGap) is listed as such; any other difference is a mismatch.
 */
import * as path from "path";
import { CheckReport, runCheck } from "../../policy-pack/cli/check";
import { prepare } from "./cel-parity";
import { pssFixtures, pssLevels, readYamlObjects } from "./corpora";
import { KubeError } from "./kube";
import { Session } from "./session";

/**
 * Where the Pod Security Standards changed between the API server's version and the pack's (v1.37): the
 * sysctls PSS v1.37 added to the safe set (k8s.io/pod-security-admission v0.37.0, check_sysctls.go,
 * MinimumVersion 1.37). kube-apiserver 1.35 enforces v1.35 and forbids them; the pack follows v1.37.
 */
export const sysctlsSafeSinceV1Dot37 = ["net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];

/** Why a verdict difference is the PSS version gap above (and nothing else), or undefined. */
export function versionGap(cliFlags: boolean, psaMessage: string): string | undefined {
    const m = /violates PodSecurity "[a-z]+:[^"]+": (.*)$/.exec(psaMessage);
    if (cliFlags || !m) {
        return undefined;
    }
    const sysctls = /^forbidden sysctls \(([^)]*)\)$/.exec(m[1].trim());
    if (!sysctls) {
        return undefined; // another control (or several) forbids it: a real difference
    }
    const names = sysctls[1].split(",").map((n) => n.trim());
    return names.every((n) => sysctlsSafeSinceV1Dot37.includes(n))
        ? `sysctls ${names.join(", ")} are safe since PSS v1.37 (the pack's version); the API server enforces v1.35`
        : undefined;
}

export interface PsaParity {
    comparisons: number;
    equal: number;
    /** Differences explained only by the PSS version gap (listed, not failures). */
    versionGaps: string[];
    /** Fixtures the API server refused in validation, before admission (e.g. procMount Unmasked without hostUsers: false). */
    refusedByValidation: string[];
    /** Per level: fixtures the API server forbade / admitted. */
    levels: { level: string; forbidden: number; admitted: number }[];
    mismatches: string[];
    notJudged: string[];
}

/** Files the CLI flags (any mandatory violation) under `pss-<level>`, for the fixtures in `dir`. */
async function cliFlags(level: string, dir: string): Promise<Set<string>> {
    const result = await runCheck(["--rules", `pss-${level}`, "--format", "json", dir]);
    if (result.code === 2) {
        throw new Error(`policy check --rules pss-${level} ${dir}: ${result.stderr.trim()}`);
    }
    const report = JSON.parse(result.stdout) as CheckReport;
    return new Set(report.violations.filter((v) => v.level === "mandatory").map((v) => path.resolve(v.file)));
}

export async function psaParity(session: Session, shared: string): Promise<PsaParity> {
    const fixtures = pssFixtures(shared);
    const dirs = [...new Set(fixtures.map((f) => f.dir))];
    const out: PsaParity = { comparisons: 0, equal: 0, versionGaps: [], refusedByValidation: [], levels: [], mismatches: [], notJudged: [] };
    for (const level of pssLevels) {
        const namespace = `${session.runId}-psa-${level}`;
        await session.ensureNamespace(namespace, {
            "pod-security.kubernetes.io/enforce": level,
            "pod-security.kubernetes.io/enforce-version": "latest",
        });
        const flagged = new Set<string>();
        for (const dir of dirs) {
            for (const f of await cliFlags(level, dir)) {
                flagged.add(f);
            }
        }
        const counts = { level, forbidden: 0, admitted: 0 };
        for (const { file } of fixtures) {
            const rel = path.relative(path.join(shared, "corpus", "pod-security-admission"), file);
            for (const obj of readYamlObjects(file)) {
                const submitted = await prepare(session, { ...obj, metadata: { ...obj.metadata, namespace } }, namespace);
                // The verdict: admitted, or refused (by Pod Security Admission, or earlier by validation:
                // an object the API server refuses cannot run either way).
                let forbidden: boolean;
                let message = "";
                try {
                    await session.kube.create(submitted, { dryRun: true });
                    forbidden = false;
                } catch (e) {
                    if (e instanceof KubeError && e.status === 403 && /violates PodSecurity/.test(e.message)) {
                        forbidden = true;
                        message = e.message;
                    } else if (e instanceof KubeError && e.status === 422) {
                        forbidden = true;
                        message = e.message;
                        out.refusedByValidation.push(`${rel} [${level}]: ${e.message}`);
                    } else {
                        out.notJudged.push(`${rel} [${level}]: ${(e as Error).message}`);
                        continue;
                    }
                }
                counts[forbidden ? "forbidden" : "admitted"]++;
                const cli = flagged.has(path.resolve(file));
                const gap = forbidden ? versionGap(cli, message) : undefined;
                if (gap) {
                    out.versionGaps.push(`${rel} [${level}]: ${gap}`);
                    continue;
                }
                out.comparisons++;
                if (cli === forbidden) {
                    out.equal++;
                } else {
                    out.mismatches.push(
                        `${rel} [${level}]: policy check ${cli ? "flags it" : "passes it"}, the API server ${forbidden ? `refuses it: ${message}` : "admits it"}`,
                    );
                }
            }
        }
        out.levels.push(counts);
    }
    return out;
}
