/**
 * The golden path (examples/golden-path): a tenant's web service must pass `policy check --env prod` with
 * no violation and be admitted by the real API server in a tenant namespace of the `local` stack (its
 * Pod Security labels, quota and limit range applied), with the platform's Kubernetes rules installed as
 * native ValidatingAdmissionPolicies at the prod levels (policy-pack/cel/vap.ts, mandatory rules deny,
 * outside the namespaces the stack's Gatekeeper excludes). Each broken variant (examples/golden-path/broken,
 * `# rejected-by: <rule>` names the rule the README names) must be rejected, naming a policy it breaks,
 * and must be rejected by its named rule alone when only that rule's policy is in force.
 */
import * as fs from "fs";
import * as path from "path";
import { runCheck, CheckReport } from "../../policy-pack/cli/check";
import { renderNativeRules } from "../../policy-pack/cel/vap";
import { loadPackConfig } from "../../policy-pack/lib/config";
import { kubernetesRules } from "../../policy-pack/policies/kubernetes/rules";
import { installPolicies, policyVerdicts, scoped, typeCheck, TypeCheck, waitEnforced } from "./admission";
import { readYamlObjects } from "./corpora";
import { KubeError, KubeObject } from "./kube";
import { repoRoot } from "./paths";
import { Session } from "./session";
import type { PlannedStack } from "./stacks";

/** The stack whose tenant namespace runs the golden path, and the tenant. */
export const goldenPathStack = "local";
export const goldenPathTenant = "storefront";
export const goldenPathDir = path.join(repoRoot, "examples", "golden-path");

export interface Variant {
    file: string;
    /** The rule the docs name. */
    rule: string;
    /** Rules the variant necessarily breaks too. */
    also: string[];
    /** The policy named by the API server's rejection with every rule in force (rule name), or undefined if admitted. */
    rejectedBy?: string;
    message: string;
    /** Rejected by the named rule's policy alone. */
    aloneRejected: boolean;
    ok: boolean;
}

export interface GoldenPath {
    namespace: string;
    policies: number;
    policyCheckViolations: string[];
    admitted: string[];
    /** Objects refused, or warned about by an admission policy or Pod Security (each is a failure). */
    problems: string[];
    variants: Variant[];
    typeCheck: TypeCheck;
    ok: boolean;
}

/** The `# rejected-by:` and `# also-rejected-by:` lines of a broken variant. */
export function variantExpectation(file: string): { rule: string; also: string[] } {
    const text = fs.readFileSync(file, "utf8");
    const rule = /^# rejected-by: (\S+)/m.exec(text)?.[1];
    if (!rule) {
        throw new Error(`${file}: no '# rejected-by: <rule>' line`);
    }
    const also = [...text.matchAll(/^# also-rejected-by: (\S+)/gm)].map((m) => m[1]);
    return { rule, also };
}

function excludedNamespaces(stack: PlannedStack): string[] {
    const config = stack.objects.find((o) => o.object.kind === "Config" && o.object.apiVersion.startsWith("config.gatekeeper.sh/"));
    const match = (config?.object.spec as { match?: { excludedNamespaces?: string[] }[] } | undefined)?.match ?? [];
    return [...new Set(match.flatMap((m) => m.excludedNamespaces ?? []))].sort();
}

/**
 * The tenant namespace to use: the stack's own (local mode: applied for real), or, against a cluster where
 * stack objects were only dry-run, a run-prefixed copy with the stack's labels, quota and limit range.
 */
async function tenantNamespace(session: Session, stack: PlannedStack): Promise<string> {
    const declared = stack.objects.find((o) => o.object.kind === "Namespace" && o.object.metadata.name === goldenPathTenant);
    if (!declared) {
        throw new Error(`stack ${stack.stack} has no tenant namespace ${goldenPathTenant}`);
    }
    if (session.mode === "local") {
        return goldenPathTenant;
    }
    const namespace = `${session.runId}-${goldenPathTenant}`;
    // Labels and annotations as the stack declares them: admission reads both (Pod Security levels,
    // the tenant's host suffixes).
    await session.ensureNamespace(namespace, declared.object.metadata.labels ?? {}, declared.object.metadata.annotations ?? {});
    for (const o of stack.objects) {
        if (o.object.metadata.namespace === goldenPathTenant && ["ResourceQuota", "LimitRange"].includes(o.object.kind)) {
            await session.createIfAbsent({ ...o.object, metadata: { ...o.object.metadata, namespace } });
        }
    }
    return namespace;
}

function rejection(e: unknown): string {
    return e instanceof KubeError ? e.message : (e as Error).message;
}

export async function goldenPath(session: Session, user: string, stack: PlannedStack): Promise<GoldenPath> {
    const workloadFile = path.join(goldenPathDir, "workload.yaml");
    const brokenDir = path.join(goldenPathDir, "broken");
    const check = await runCheck(["--env", "prod", "--format", "json", workloadFile]);
    const report = JSON.parse(check.stdout || '{"checked":0,"violations":[]}') as CheckReport;
    const policyCheckViolations = [
        ...(check.code === 2 ? [check.stderr.trim()] : []),
        ...report.violations.map((v) => `${v.kind}/${v.name} [${v.level}] ${v.policy}: ${v.message}`),
    ];

    const namespace = await tenantNamespace(session, stack);
    const prefix = `${session.runId}-prod-`;
    const allTag = `${session.runId}-golden-all`;
    const ruleTag = (rule: string) => `${session.runId}-golden-${rule}`;
    const rendered = renderNativeRules(kubernetesRules, loadPackConfig("prod"), {
        enforcement: "deny",
        excludedNamespaces: excludedNamespaces(stack),
        namePrefix: prefix,
    });
    const rejected = await installPolicies(
        session,
        rendered.map((r) => scoped(r, user, undefined, [allTag, ruleTag(r.rule.name)])),
    );
    if (rejected.length > 0) {
        throw new Error(`the API server refused the prod policies: ${rejected.map((r) => `${r.name}: ${r.message}`).join("; ")}`);
    }
    await waitEnforced(session, user, namespace);
    const checked = await typeCheck(
        session,
        rendered.map((r) => r.policy.metadata.name),
    );
    const ruleOf = (policyName: string) => (policyName.startsWith(prefix) ? policyName.slice(prefix.length) : policyName);
    const inNamespace = (obj: KubeObject): KubeObject => ({ ...obj, metadata: { ...obj.metadata, namespace } });

    const admitted: string[] = [];
    const problems: string[] = [];
    for (const obj of readYamlObjects(workloadFile).map(inNamespace)) {
        const what = `${obj.kind}/${obj.metadata.name}`;
        try {
            const res = await session.kube.create(obj, { dryRun: true, fieldManager: allTag });
            admitted.push(what);
            for (const [policy, message] of policyVerdicts(res.warnings)) {
                problems.push(`${what}: warned by ${ruleOf(policy)}: ${message}`);
            }
            for (const w of res.warnings.filter((w) => /PodSecurity|would violate/.test(w))) {
                problems.push(`${what}: ${w}`);
            }
        } catch (e) {
            problems.push(`${what}: refused: ${rejection(e)}`);
        }
    }

    const variants: Variant[] = [];
    for (const file of fs.readdirSync(brokenDir).filter((f) => f.endsWith(".yaml")).sort()) {
        const full = path.join(brokenDir, file);
        const { rule, also } = variantExpectation(full);
        const [obj] = readYamlObjects(full).map(inNamespace);
        const v: Variant = { file: `broken/${file}`, rule, also, message: "", aloneRejected: false, ok: false };
        try {
            await session.kube.create(obj, { dryRun: true, fieldManager: allTag });
            v.message = "admitted";
        } catch (e) {
            v.message = rejection(e);
            const named = [...policyVerdicts([v.message]).keys()][0];
            v.rejectedBy = named ? ruleOf(named) : undefined;
        }
        try {
            await session.kube.create(obj, { dryRun: true, fieldManager: ruleTag(rule) });
        } catch (e) {
            v.aloneRejected = [...policyVerdicts([rejection(e)]).keys()].some((p) => ruleOf(p) === rule);
        }
        v.ok = v.rejectedBy !== undefined && [rule, ...also].includes(v.rejectedBy) && v.aloneRejected;
        variants.push(v);
    }
    return {
        namespace,
        policies: rendered.length,
        policyCheckViolations,
        admitted,
        problems,
        variants,
        typeCheck: checked,
        ok:
            policyCheckViolations.length === 0 &&
            problems.length === 0 &&
            checked.warnings.length === 0 &&
            checked.unchecked.length === 0 &&
            variants.length > 0 &&
            variants.every((v) => v.ok),
    };
}
