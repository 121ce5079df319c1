/**
 * The body of the ONE pull-request comment that carries the offline plan of every stack: a table of
 * outcomes, then per stack its summary (resources by component, policy violations, critical path)
 * and a Mermaid component graph. The workflow finds the comment by `commentMarker` and edits it, so
 * a pull request never collects one comment per push. Pure: tests render real plan output.
 */
import { criticalPath } from "../plan/critical-path";
import { mandatoryViolations, summarize } from "../plan/report";
import { componentGraph, componentMermaid } from "./component-graph";
import { outcome, StackPlanResult } from "./plan-results";

/** Hidden marker the workflow looks for to update the comment instead of adding another. */
export const commentMarker = "<!-- platform:offline-plan -->";

/** GitHub rejects comment bodies over 65,536 characters; stay clear of it. */
export const maxCommentLength = 60000;

export interface CommentContext {
    /** The commit the plan ran on. */
    commit?: string;
    /** Link to the workflow run (its artifacts hold the JSON reports and full graphs). */
    runUrl?: string;
    /** Name of the artifact with the JSON reports. */
    artifact?: string;
}

/** Text inside a fenced block must not close the fence. */
function fenced(lang: string, text: string): string {
    return `\`\`\`${lang}\n${text.replace(/```/g, "`\u200b``").trimEnd()}\n\`\`\``;
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function tail(text: string, lines: number): string {
    const all = text.trimEnd().split("\n");
    return all.length <= lines ? all.join("\n") : [`… (${all.length - lines} earlier lines in the artifact)`, ...all.slice(-lines)].join("\n");
}

/** At most `lines` lines of a plan summary: its headline first, then its end (the critical path). */
function abridge(summary: string, lines: number): string {
    const all = summary.split("\n");
    return all.length <= lines ? summary : [all[0], "…", ...all.slice(-(lines - 2))].join("\n");
}

function ok(r: StackPlanResult): boolean {
    return r.exitCode === 0;
}

function tableRow(r: StackPlanResult): string {
    const rep = r.report;
    const status = ok(r) ? "✅ planned" : `❌ ${outcome(r.exitCode)}`;
    if (!rep) {
        return `| \`${cell(r.stack)}\` | – | – | – | – | – | ${status} |`;
    }
    const mandatory = mandatoryViolations(rep).length;
    const advisory = rep.policy.violations.length - mandatory;
    return `| \`${cell(r.stack)}\` | ${cell(rep.environment)} | ${cell(rep.cloud)} | ${rep.stats.resourceCount} | ${mandatory} / ${advisory} | ~${rep.stats.criticalPathMinutes} min | ${status} |`;
}

/** How much of each stack's detail to include (lowered step by step until the body fits). */
interface Detail {
    graph: boolean;
    summaryLines: number;
}

function stackSection(r: StackPlanResult, detail: Detail): string {
    const parts: string[] = [];
    if (!r.report) {
        parts.push(
            `<details open><summary><b>${r.stack}</b>: ${outcome(r.exitCode)}</summary>`,
            "",
            fenced("text", tail(r.log, detail.summaryLines)),
            "",
            "</details>",
        );
        return parts.join("\n");
    }
    const rep = r.report;
    const path = criticalPath(rep.resources);
    const summary = summarize(rep, path);
    const head = `<b>${r.stack}</b> (${rep.environment}, ${rep.cloud}): ${rep.stats.resourceCount} resources, ${rep.policy.violations.length} policy finding(s)`;
    parts.push(`<details${ok(r) ? "" : " open"}><summary>${head}</summary>`, "", fenced("text", abridge(summary, detail.summaryLines)), "");
    if (detail.graph) {
        parts.push("Components and what waits for what:", "", fenced("mermaid", componentMermaid(componentGraph(rep.resources))), "");
    } else {
        parts.push("_Graph left out to keep this comment under GitHub's size limit: see the artifact._", "");
    }
    parts.push("</details>");
    return parts.join("\n");
}

function render(results: readonly StackPlanResult[], context: CommentContext, detail: Detail): string {
    const failed = results.filter((r) => !ok(r));
    const title =
        results.length === 0
            ? "⚠️ Offline plan: no stack files found in stacks/"
            : failed.length === 0
              ? `✅ Offline plan: ${results.length} stack${results.length === 1 ? "" : "s"} planned`
              : `❌ Offline plan: ${failed.length} of ${results.length} stack${results.length === 1 ? "" : "s"} failed`;
    const lines = [commentMarker, `### ${title}`, ""];
    if (results.length > 0) {
        lines.push("| Stack | Environment | Cloud | Resources | Policy (mandatory / advisory) | Critical path | Result |", "|---|---|---|---:|---:|---:|---|");
        lines.push(...results.map(tableRow), "");
        for (const r of results) {
            lines.push(stackSection(r, detail), "");
        }
    }
    const footer: string[] = [];
    if (context.commit) {
        footer.push(`commit \`${context.commit.slice(0, 12)}\``);
    }
    if (context.runUrl) {
        footer.push(`[workflow run](${context.runUrl})`);
    }
    if (context.artifact) {
        footer.push(`JSON reports and full resource graphs: artifact \`${context.artifact}\``);
    }
    footer.push("offline plan under Pulumi's mock runtime: no cloud was contacted");
    lines.push(`<sub>${footer.join(" · ")}</sub>`);
    return `${lines.join("\n")}\n`;
}

/**
 * The comment body for every stack's plan outcome, at most `limit` characters: graphs are dropped
 * first, then summaries shortened, before anything about an outcome is lost.
 */
export function renderPlanComment(results: readonly StackPlanResult[], context: CommentContext = {}, limit = maxCommentLength): string {
    const attempts: Detail[] = [
        { graph: true, summaryLines: 400 },
        { graph: false, summaryLines: 400 },
        { graph: false, summaryLines: 80 },
        { graph: false, summaryLines: 20 },
        { graph: false, summaryLines: 5 },
    ];
    let body = "";
    for (const detail of attempts) {
        body = render(results, context, detail);
        if (body.length <= limit) {
            return body;
        }
    }
    // Still too long (hundreds of stacks): keep the marker, title and table, cut the rest.
    const cut = body.lastIndexOf("\n", limit - 200);
    return `${body.slice(0, cut)}\n\n_Comment truncated at GitHub's size limit: see the artifact for every stack._\n`;
}

/** True when every stack planned cleanly (the workflow fails the check otherwise). */
export function allPlanned(results: readonly StackPlanResult[]): boolean {
    return results.length > 0 && results.every(ok);
}
