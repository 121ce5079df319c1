/**
 * The conformance suite (`npm run conformance`, docs/conformance.md): the platform's objects and rules
 * judged by a real kube-apiserver, the local control plane or any cluster of a kubeconfig.
 *
 *   1. CRDs from shared/crds;
 *   2. every shipped stack's Kubernetes objects, in dependency order (./apply.ts);
 *   3. Pod Security Admission parity with `policy check --rules pss-*` (./psa.ts);
 *   4. CEL parity: the pack's rules as native ValidatingAdmissionPolicies against CrossGuard (./cel-parity.ts);
 *   5. the golden path and its broken variants (./golden-path.ts).
 * Every step reports; the run fails if any step does. Everything the run creates on a cluster is removed.
 */
import * as path from "path";
import { whoAmI } from "./admission";
import { applyStack, RejectedObject, StackResult } from "./apply";
import { celParity, CelParity } from "./cel-parity";
import { fixtureCases, gatekeeperCases, pssCases } from "./corpora";
import { readCrds, waitEstablished } from "./crds";
import { goldenPath, GoldenPath, goldenPathStack } from "./golden-path";
import { ControlPlane, startControlPlane } from "./control-plane";
import { Kube } from "./kube";
import { loadKubeconfig } from "./kubeconfig";
import { binDir } from "./paths";
import { psaParity, PsaParity } from "./psa";
import { Session } from "./session";
import { PlannedStack, planStackObjects, shippedStacks } from "./stacks";

export interface SuiteOptions {
    shared: string;
    kubeconfig?: string;
    context?: string;
    /** Only these stacks (default: every shipped stack). */
    stacks?: string[];
    /** Steps to skip, for quicker local iterations. */
    skip?: ("stacks" | "psa" | "cel" | "golden-path")[];
    log: (line: string) => void;
}

export interface SuiteReport {
    mode: "local" | "cluster";
    server: string;
    version: string;
    stacks: StackResult[];
    failures: string[];
    psa?: PsaParity;
    cel?: CelParity;
    golden?: GoldenPath;
    passed: number;
    ms: number;
}

const pct = (a: number, b: number) => (b === 0 ? "-" : `${Math.floor((1000 * a) / b) / 10}%`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function printStack(log: SuiteOptions["log"], r: StackResult): void {
    const count = (o: string) => r.results.filter((x) => x.outcome === o).length;
    const accepted = count("applied") + count("dry-run");
    const parts = [`${accepted} accepted (${count("applied")} created, ${count("dry-run")} dry-run)`];
    const notes = (o: string) => [...new Set(r.results.filter((x) => x.outcome === o && x.note).map((x) => x.note))].join("; ");
    if (count("not-applicable") > 0) {
        parts.push(`${count("not-applicable")} Patch not applicable (${notes("not-applicable")})`);
    }
    if (count("not-judged") > 0) {
        parts.push(`${count("not-judged")} not judged (${notes("not-judged")})`);
    }
    if (r.namespacesCreated.length > 0) {
        parts.push(`namespaces a Helm release creates: ${r.namespacesCreated.length}`);
    }
    if (r.derivedCrds > 0) {
        parts.push(`constraint CRDs derived: ${r.derivedCrds}`);
    }
    if (r.placeholders > 0) {
        parts.push(`secret placeholders: ${r.placeholders}`);
    }
    parts.push(`Helm releases not applied: ${r.helmReleases}`);
    log(`  ${r.stack.padEnd(12)} ${r.environment.padEnd(8)} ${parts.join("; ")}; ${secs(r.ms)}`);
}

function printPsa(log: SuiteOptions["log"], p: PsaParity): void {
    log(`Pod Security Admission parity (policy check --rules pss-baseline|pss-restricted vs the API server's PodSecurity):`);
    log(`  verdicts equal: ${p.equal}/${p.comparisons} (${pct(p.equal, p.comparisons)}); ${p.levels.map((l) => `${l.level}: ${l.forbidden} refused, ${l.admitted} admitted`).join("; ")}`);
    if (p.refusedByValidation.length > 0) {
        log(`  refused by the API server's validation before admission (counted as refused): ${p.refusedByValidation.length}`);
        p.refusedByValidation.forEach((m) => log(`    ${m}`));
    }
    if (p.versionGaps.length > 0) {
        log(`  differences due only to the PSS version (pack v1.37, API server v1.35), not compared: ${p.versionGaps.length}`);
        p.versionGaps.forEach((m) => log(`    ${m}`));
    }
    p.mismatches.forEach((m) => log(`  MISMATCH ${m}`));
    p.notJudged.forEach((m) => log(`  NOT JUDGED ${m}`));
}

function printCel(log: SuiteOptions["log"], c: CelParity): void {
    log(`CEL parity (the pack's rules as ValidatingAdmissionPolicies, judged by the API server, vs CrossGuard):`);
    log(`  rules compiled by the API server: ${c.rulesCompiled}/${c.rulesTotal} (policies ${c.policiesCompiled}/${c.policiesTotal})`);
    log(
        `  type checking: ${c.typeCheck.checked} policies checked, ${c.typeCheck.warnings.length} warnings` +
            (c.typeCheck.unchecked.length > 0 ? `, ${c.typeCheck.unchecked.length} not checked in time` : ""),
    );
    c.typeCheck.warnings.forEach((w) => log(`    ${w.policy} ${w.fieldRef}: ${w.warning}`));
    c.rejectedPolicies.forEach((r) => log(`  REFUSED POLICY ${r.name}: ${r.message}`));
    log(`  verdicts equal: ${c.equal}/${c.comparisons} (${pct(c.equal, c.comparisons)})`);
    log(`  ${"corpus".padEnd(40)} objects  verdicts equal`);
    for (const k of c.perCorpus) {
        log(`  ${k.corpus.padEnd(40)} ${String(k.objects).padStart(7)}  ${k.equal}/${k.comparisons}`);
    }
    log(`  ${"rule".padEnd(40)} policies compiled  verdicts equal`);
    for (const r of c.rows) {
        log(`  ${r.rule.padEnd(40)} ${`${r.compiled}/${r.policies}`.padStart(17)}  ${r.equal}/${r.comparisons}`);
    }
    c.mismatches.forEach((m) => log(`  MISMATCH ${m}`));
    if (c.notJudged.length > 0) {
        log(`  objects the API server refused before any policy could judge them (invalid objects; not compared): ${c.notJudged.length}`);
        c.notJudged.forEach((m) => log(`    ${m}`));
    }
}

function printGolden(log: SuiteOptions["log"], g: GoldenPath): void {
    log(`Golden path (examples/golden-path in tenant namespace ${g.namespace}, ${g.policies} native policies at the prod levels):`);
    log(`  policy check --env prod: ${g.policyCheckViolations.length === 0 ? "no violation" : `${g.policyCheckViolations.length} violation(s)`}`);
    log(`  type checking of the prod policies: ${g.typeCheck.checked} checked, ${g.typeCheck.warnings.length} warnings, ${g.typeCheck.unchecked.length} not checked in time`);
    g.typeCheck.warnings.forEach((w) => log(`    ${w.policy} ${w.fieldRef}: ${w.warning}`));
    g.policyCheckViolations.forEach((v) => log(`    ${v}`));
    log(`  admitted: ${g.admitted.join(", ")}`);
    g.problems.forEach((p) => log(`  PROBLEM ${p}`));
    for (const v of g.variants) {
        log(
            `  ${v.ok ? "rejected" : "NOT AS DOCUMENTED"} ${v.file}: ${v.rejectedBy ? `by ${v.rejectedBy}` : v.message}` +
                ` (docs: ${v.rule}${v.also.length > 0 ? `, also ${v.also.join(", ")}` : ""}; ${v.rule} alone rejects it: ${v.aloneRejected ? "yes" : "no"})`,
        );
        if (!v.ok) {
            log(`    ${v.message}`);
        }
    }
}

async function installCrds(session: Session, shared: string, log: SuiteOptions["log"]): Promise<void> {
    const crds = readCrds(path.join(shared, "crds"));
    let created = 0;
    for (const crd of crds) {
        if (session.mode === "local") {
            await session.kube.apply(crd, { fieldManager: session.fieldManager, force: true });
            created++;
        } else if (await session.createIfAbsent(crd)) {
            created++;
        }
    }
    await waitEstablished(session.kube, crds.map((c) => c.metadata.name as string));
    log(`CRDs: ${crds.length} from ${path.join(shared, "crds")}${session.mode === "cluster" ? ` (${created} were missing and are installed for this run)` : ""}`);
}

/** Runs the suite; never throws for a failed check (it is in `failures`), only for a broken environment. */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
    const started = Date.now();
    const { log } = options;
    const skip = new Set(options.skip ?? []);
    let plane: ControlPlane | undefined;
    let session: Session;
    if (options.kubeconfig) {
        const creds = loadKubeconfig(options.kubeconfig, options.context);
        session = new Session(new Kube(creds), "cluster");
        log(`conformance: cluster of ${options.kubeconfig} (context ${creds.context}), run ${session.runId}`);
    } else {
        plane = await startControlPlane({ binDir: binDir() });
        session = new Session(plane.kube, "local");
        log(`conformance: local control plane at ${plane.server} (ready in ${secs(Date.now() - started)})`);
    }
    const report: SuiteReport = { mode: session.mode, server: session.kube.creds.server, version: "", stacks: [], failures: [], passed: 0, ms: 0 };
    try {
        const version = (await session.kube.call("GET", "/version")).body as { gitVersion?: string };
        report.version = version.gitVersion ?? "?";
        log(`kube-apiserver ${report.version}`);
        await installCrds(session, options.shared, log);
        const user = await whoAmI(session);

        // 2. Stacks: the golden path's stack last, and kept (its tenant namespace runs the golden path).
        let goldenStack: PlannedStack | undefined;
        const wanted = shippedStacks().filter((s) => !options.stacks || options.stacks.includes(s.name));
        const ordered = [...wanted.filter((s) => s.name !== goldenPathStack), ...wanted.filter((s) => s.name === goldenPathStack)];
        if (!skip.has("stacks")) {
            log(`Stacks (every Kubernetes object of the offline plan, server-side apply in dependency order):`);
            for (const stack of ordered) {
                const planned = await planStackObjects(stack);
                const mark = session.mark();
                try {
                    const result = await applyStack(session, planned);
                    report.stacks.push(result);
                    printStack(log, result);
                } catch (e) {
                    const message = e instanceof RejectedObject ? e.message : `${stack.name}: ${(e as Error).message}`;
                    report.failures.push(message);
                    log(`  FAILED ${message}`);
                }
                if (stack.name === goldenPathStack) {
                    goldenStack = planned;
                } else if (session.mode === "local") {
                    // Each stack is judged alone: remove its objects before the next (immutable fields differ).
                    const problems = await session.cleanup(mark);
                    problems.forEach((p) => log(`  cleanup: ${p}`));
                }
            }
            if (report.failures.length === 0) {
                report.passed++;
            }
        }

        if (!skip.has("psa")) {
            report.psa = await psaParity(session, options.shared);
            printPsa(log, report.psa);
            if (report.psa.mismatches.length > 0 || report.psa.notJudged.length > 0 || report.psa.comparisons === 0) {
                report.failures.push(`Pod Security Admission parity: ${report.psa.mismatches.length} mismatch(es), ${report.psa.notJudged.length} not judged`);
            } else {
                report.passed++;
            }
        }

        if (!skip.has("cel")) {
            const cases = [...pssCases(options.shared), ...gatekeeperCases(options.shared), ...fixtureCases()];
            report.cel = await celParity(session, user, cases);
            printCel(log, report.cel);
            const c = report.cel;
            const typeProblems = c.typeCheck.warnings.length + c.typeCheck.unchecked.length;
            if (c.mismatches.length > 0 || c.rejectedPolicies.length > 0 || c.rulesCompiled < c.rulesTotal || c.comparisons === 0 || typeProblems > 0) {
                report.failures.push(
                    `CEL parity: ${c.mismatches.length} mismatch(es), ${c.rejectedPolicies.length} policies refused, ` +
                        `${c.typeCheck.warnings.length} type-checking warning(s), ${c.typeCheck.unchecked.length} policies not type-checked`,
                );
            } else {
                report.passed++;
            }
        }

        if (!skip.has("golden-path")) {
            if (!goldenStack) {
                goldenStack = await planStackObjects(shippedStacks().find((s) => s.name === goldenPathStack) ?? { name: goldenPathStack, file: "" });
                if (session.mode === "local") {
                    await applyStack(session, goldenStack);
                }
            }
            report.golden = await goldenPath(session, user, goldenStack);
            printGolden(log, report.golden);
            if (report.golden.ok) {
                report.passed++;
            } else {
                report.failures.push("golden path: see the lines above");
            }
        }
    } finally {
        if (session.mode === "cluster") {
            const problems = await session.cleanup();
            log(`cleanup: removed what run ${session.runId} created${problems.length > 0 ? `; could not remove: ${problems.join("; ")}` : ""}`);
        }
        await plane?.stop();
    }
    report.ms = Date.now() - started;
    return report;
}
