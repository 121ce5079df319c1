/**
 * CEL parity: the pack's Kubernetes rules compiled by policy-pack/cel/vap.ts into native
 * ValidatingAdmissionPolicies, judged by the real API server, against CrossGuard's verdict (the pack's
 * engine, the code path of `npm run policy -- check`) on the very same objects, rule by rule.
 *
 * - One policy per distinct (rule, parameters) pair any case needs, named `<run>-<hash>-<rule>`, bound
 *   with Warn (every failing rule reports in a Warning header; none hides another) and scoped to the
 *   suite's own dry-run requests and to the cases that need it (./admission.ts): an object is judged by
 *   exactly its case's policies. When the warnings of one request come near the API server's 4 KiB
 *   limit (past which it truncates and drops warnings), each policy is asked again on its own.
 * - Every object is submitted with dry-run. A namespaced object without a namespace goes to the run's
 *   namespace and is given that namespace before CrossGuard sees it too, so both judge the same object.
 * - Compiled: the API server accepted the policy (it compiles every expression and checks its cost);
 *   the type checker's warnings (status.typeChecking) are reported.
 */
import * as crypto from "crypto";
import { pulumiType } from "../../policy-pack/cli/load";
import { renderNativeRules } from "../../policy-pack/cel/vap";
import type { CelRule } from "../../policy-pack/cel/rule";
import { ruleMatches } from "../../policy-pack/cel/policy";
import { runPolicies } from "../../policy-pack/lib/engine";
import { kubernetesPolicies } from "../../policy-pack/policies/kubernetes";
import { installPolicies, policyVerdicts, PolicyRejection, scoped, typeCheck, TypeCheck, waitEnforced } from "./admission";
import type { ParityCase } from "./corpora";
import { KubeError, KubeObject, KubeResponse } from "./kube";
import { Session } from "./session";

interface GeneratedPolicy {
    name: string;
    rule: CelRule;
}

export interface RuleRow {
    rule: string;
    policies: number;
    compiled: number;
    comparisons: number;
    equal: number;
}

export interface CelParity {
    /** Rules all of whose generated policies the API server accepted / rules generated. */
    rulesCompiled: number;
    rulesTotal: number;
    policiesCompiled: number;
    policiesTotal: number;
    rejectedPolicies: PolicyRejection[];
    typeCheck: TypeCheck;
    rows: RuleRow[];
    perCorpus: { corpus: string; objects: number; comparisons: number; equal: number }[];
    comparisons: number;
    equal: number;
    mismatches: string[];
    /** Objects the API server refused before admission policies could judge them. */
    notJudged: string[];
}

function hash(value: unknown): string {
    return crypto.createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 8);
}

/** Runs `fn` over `items` with at most `n` at once. */
export async function pool<T, R>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
    return out;
}

function describe(obj: KubeObject): string {
    return `${obj.kind}/${obj.metadata.name ?? "-"}`;
}

/**
 * A valid object name: corpus files name some objects after the file (`capabilities_baseline0`), which the
 * API server refuses as a name. Such names are made DNS-safe (valid names are kept); CrossGuard judges the
 * renamed object too, so both engines always see the same object.
 */
function objectName(name: string | undefined, obj: KubeObject): string {
    if (!name) {
        return `object-${hash(obj)}`;
    }
    const safe = name.toLowerCase().replace(/[^a-z0-9.-]+/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
    return safe === "" ? `object-${hash(obj)}` : safe;
}

/** Prepares an object for submission: a namespace when namespaced, the ServiceAccount a Pod needs. */
export async function prepare(session: Session, obj: KubeObject, defaultNamespace: string): Promise<KubeObject> {
    const copy = structuredClone(obj);
    copy.metadata.name = objectName(copy.metadata.name, obj);
    const info = await session.kube.resourceFor(copy.apiVersion, copy.kind);
    if (info?.namespaced) {
        copy.metadata.namespace ??= defaultNamespace;
        await session.ensureNamespace(copy.metadata.namespace);
        if (copy.kind === "Pod") {
            const sa = (copy.spec as { serviceAccountName?: string; serviceAccount?: string } | undefined) ?? {};
            await session.ensureServiceAccount(copy.metadata.namespace, sa.serviceAccountName ?? sa.serviceAccount ?? "default");
        }
    } else if (info) {
        delete copy.metadata.namespace;
    }
    return copy;
}

/**
 * Submits `obj` with dry-run: a create, or, when an object of that name already exists on the server (a
 * fixture Namespace the run itself created for other objects, a stack object), a replace of it. Either
 * way every admission step judges exactly `obj` (the policies match CREATE and UPDATE).
 */
export async function dryRunSubmit(session: Session, obj: KubeObject, fieldManager?: string): Promise<KubeResponse> {
    try {
        return await session.kube.create(obj, { dryRun: true, fieldManager });
    } catch (e) {
        if (!(e instanceof KubeError && e.status === 409)) {
            throw e;
        }
        const live = await session.kube.get(obj);
        const resourceVersion = (live?.body as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
        return session.kube.replace({ ...obj, metadata: { ...obj.metadata, resourceVersion } }, { dryRun: true, fieldManager });
    }
}

/** The policies CrossGuard reports for `obj` under `config`, among `rules`. */
async function crossGuardVerdicts(obj: KubeObject, rules: readonly CelRule[], config: ParityCase["config"]): Promise<Set<string>> {
    const names = new Set(rules.map((r) => r.name));
    const selected = kubernetesPolicies.filter((p) => names.has(p.name));
    const type = pulumiType(obj.apiVersion, obj.kind);
    const violations = await runPolicies(selected, [{ urn: `urn:pulumi:parity::conformance::${type}::${obj.metadata.name}`, type, name: String(obj.metadata.name), props: obj }], {
        config,
    });
    return new Set(violations.map((v) => v.policy));
}

/** Warning headers stop being complete past this many characters (the API server truncates at 4096). */
const warningBudget = 4096 - 512;

/** Generates, installs and judges; see the file comment. */
export async function celParity(session: Session, user: string, cases: readonly ParityCase[]): Promise<CelParity> {
    // 1. The distinct policies the cases need, and per case its policies and its tag (cases with the same
    // rules and config share a tag: the field manager their objects are submitted with).
    const generated = new Map<string, GeneratedPolicy & { pair: ReturnType<typeof renderNativeRules>[number]; tags: Set<string>; self: string }>();
    const caseTags: string[] = [];
    const casePolicies: Map<string, GeneratedPolicy>[] = cases.map((c) => {
        const tag = `${session.runId}-g${hash([c.rules.map((r) => r.name), c.config])}`;
        caseTags.push(tag);
        const byRule = new Map<string, GeneratedPolicy>();
        for (const rule of c.rules) {
            const [rendered] = renderNativeRules([rule], c.config);
            if (!rendered) {
                continue; // disabled under this config, for CrossGuard too
            }
            const id = hash([rule.name, rendered.params]);
            const name = `${session.runId}-${id}-${rule.name}`;
            let g = generated.get(name);
            if (!g) {
                const [pair] = renderNativeRules([rule], c.config, { namePrefix: `${session.runId}-${id}-` });
                g = { name, rule, pair, tags: new Set(), self: `${session.runId}-p${id}` };
                generated.set(name, g);
            }
            g.tags.add(tag);
            byRule.set(rule.name, { name, rule });
        }
        return byRule;
    });

    // 2. Install them (Warn, scoped to this run and their cases), wait until enforced, read the type checker's verdict.
    const all = [...generated.values()];
    const rejectedPolicies = await installPolicies(
        session,
        all.map((g) => scoped(g.pair, user, ["Warn"], [...g.tags, g.self].sort())),
    );
    const rejected = new Set(rejectedPolicies.map((r) => r.name));
    const namespace = `${session.runId}-cel`;
    await session.ensureNamespace(namespace);
    await waitEnforced(session, user, namespace);
    const checked = await typeCheck(
        session,
        all.filter((g) => !rejected.has(g.name)).map((g) => g.name),
    );

    // 3. Judge every object of every case.
    const rows = new Map<string, RuleRow>();
    for (const g of all) {
        const row = rows.get(g.rule.name) ?? { rule: g.rule.name, policies: 0, compiled: 0, comparisons: 0, equal: 0 };
        row.policies++;
        row.compiled += rejected.has(g.name) ? 0 : 1;
        rows.set(g.rule.name, row);
    }
    const corpora = new Map<string, { corpus: string; objects: number; comparisons: number; equal: number }>();
    for (const c of cases) {
        if (!corpora.has(c.corpus)) {
            corpora.set(c.corpus, { corpus: c.corpus, objects: 0, comparisons: 0, equal: 0 });
        }
    }
    const mismatches: string[] = [];
    const notJudged: string[] = [];
    const jobs = cases.flatMap((c, ci) => c.objects.map((obj) => ({ c, ci, obj })));
    await pool(jobs, 4, async ({ c, ci, obj }) => {
        const corpus = corpora.get(c.corpus) as { corpus: string; objects: number; comparisons: number; equal: number };
        const submitted = await prepare(session, obj, namespace);
        const group = submitted.apiVersion.includes("/") ? submitted.apiVersion.split("/")[0] : "";
        const applicable = [...casePolicies[ci].values()].filter((g) => !rejected.has(g.name) && ruleMatches(g.rule, group, submitted.kind));
        let api: Map<string, string>;
        try {
            const res = await dryRunSubmit(session, submitted, caseTags[ci]);
            api = policyVerdicts(res.warnings);
            if (res.warnings.reduce((n, w) => n + w.length, 0) > warningBudget) {
                // Too many warnings to be sure none was dropped: ask each policy on its own.
                api = new Map();
                for (const g of applicable) {
                    const one = await dryRunSubmit(session, submitted, (generated.get(g.name) as { self: string }).self);
                    for (const [k, v] of policyVerdicts(one.warnings)) {
                        api.set(k, v);
                    }
                }
            }
        } catch (e) {
            notJudged.push(`${c.id} ${describe(submitted)}: ${e instanceof KubeError ? e.message : (e as Error).message}`);
            return;
        }
        corpus.objects++;
        const cg = await crossGuardVerdicts(submitted, c.rules, c.config);
        for (const g of applicable) {
            const row = rows.get(g.rule.name) as RuleRow;
            row.comparisons++;
            corpus.comparisons++;
            const apiFlags = api.has(g.name);
            const cgFlags = cg.has(g.rule.name);
            if (apiFlags === cgFlags) {
                row.equal++;
                corpus.equal++;
            } else {
                mismatches.push(
                    `${c.id} ${describe(submitted)} ${g.rule.name}: CrossGuard ${cgFlags ? "flags it" : "passes it"}, the API server ${apiFlags ? `flags it: ${api.get(g.name)}` : "passes it"}`,
                );
            }
        }
    });
    const rowList = [...rows.values()].sort((a, b) => a.rule.localeCompare(b.rule));
    return {
        rulesCompiled: rowList.filter((r) => r.compiled === r.policies).length,
        rulesTotal: rowList.length,
        policiesCompiled: all.length - rejected.size,
        policiesTotal: all.length,
        rejectedPolicies,
        typeCheck: checked,
        rows: rowList,
        perCorpus: [...corpora.values()],
        comparisons: rowList.reduce((n, r) => n + r.comparisons, 0),
        equal: rowList.reduce((n, r) => n + r.equal, 0),
        mismatches: mismatches.sort(),
        notJudged: notJudged.sort(),
    };
}
