/**
 * `platform:pipeline`: how CI reaches this stack (read by modules/delivery/stacks.ts for the
 * workflows' matrices; the program itself creates nothing from it yet).
 * - `runner`: the runner labels of the preview, deploy and drift jobs. A private API endpoint is
 *   reachable only from inside the cluster's network, so a stack with one must name a runner there
 *   (self-hosted or a larger runner with private networking); GitHub-hosted labels are refused.
 * - `deployEnvironment` / `previewEnvironment`: the GitHub Environments whose variables and secrets
 *   hold this stack's deploy and read-only credentials (one pair per stack, so each cloud account,
 *   subscription or project has its own identities).
 * - `previewIdentity`: the read-only identity previews and drift checks run as, to be granted read
 *   access inside the cluster (EKS access entry, AKS Entra RBAC binding, GKE RBAC binding).
 */
import { z } from "zod";
import { ConfigIssue } from "../errors";
import { Tier } from "../common";

/** Labels of GitHub-hosted runners: machines on the internet, outside any cluster network. */
export const githubHostedLabel = /^(ubuntu|windows|macos)-(latest|\d[\w.-]*)$/;

const label = z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, "must be a runner label such as self-hosted, linux or acme-prod-vpc")
    .max(100);

/** A GitHub Environment name (letters, digits, '-', '_', '.'). */
const environmentName = z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, "must be a GitHub Environment name (letters, digits, '-', '_' and '.')");

const uuid = (what: string) => z.string().uuid(`must be ${what} (a UUID)`);

export function pipelineSchema(_tier: Tier) {
    return z
        .strictObject({
            runner: z
                .union([label, z.array(label).min(1, "give at least one label")])
                .optional()
                .describe(
                    "Labels of the runner that previews, deploys and checks this stack for drift (`runs-on`), e.g. [self-hosted, linux, acme-prod-vpc]. Needed when cluster.endpoint.private is true (CI's stack selection refuses the stack without it): the runner must sit inside (or peered with) the cluster's network, and GitHub-hosted labels such as ubuntu-latest are refused. Default: ubuntu-latest, for a public endpoint that admits its egress.",
                ),
            runnerGroup: z
                .string()
                .min(1)
                .optional()
                .describe(
                    "Runner group the runner must belong to (`runs-on.group`), for organization runner groups limited to this repository. Default: none.",
                ),
            deployEnvironment: environmentName
                .optional()
                .describe(
                    "GitHub Environment of `pulumi up` for this stack: its variables name the deploy identity (see docs/operations.md); give prod stacks' environments required reviewers. Default: the stack name.",
                ),
            previewEnvironment: environmentName
                .optional()
                .describe(
                    "GitHub Environment of `pulumi preview` and drift checks for this stack: its variables name the read-only identity. Default: <stack>-preview.",
                ),
            previewIdentity: z
                .discriminatedUnion("type", [
                    z
                        .strictObject({
                            type: z.literal("awsRole").describe("An IAM role (EKS)."),
                            arn: z
                                .string()
                                .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
                                .describe("The role previews assume (AWS_ROLE_ARN of the preview environment)."),
                        })
                        .describe(
                            "EKS: an access entry for the role in the Kubernetes group platform-preview, bound to the read-only platform-preview ClusterRole.",
                        ),
                    z
                        .strictObject({
                            type: z.literal("entraServicePrincipal").describe("An Entra ID service principal or managed identity (AKS)."),
                            objectId: uuid("the object id of the service principal or managed identity").describe("Its object id (not the client id)."),
                        })
                        .describe(
                            "AKS: the Cluster User role on the cluster (to fetch its kubeconfig) and a ClusterRoleBinding of the read-only platform-preview role to the principal.",
                        ),
                    z
                        .strictObject({
                            type: z.literal("entraGroup").describe("An Entra ID group (AKS)."),
                            objectId: uuid("the object id of the Entra ID group").describe("The group's object id."),
                        })
                        .describe("AKS: the Cluster User role on the cluster and a ClusterRoleBinding of the read-only platform-preview role to the group."),
                    z
                        .strictObject({
                            type: z.literal("googleServiceAccount").describe("A Google service account (GKE)."),
                            email: z
                                .string()
                                .regex(
                                    /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/,
                                    "must be a service account email (<name>@<project>.iam.gserviceaccount.com)",
                                )
                                .describe("The service account previews impersonate (GCP_SERVICE_ACCOUNT of the preview environment)."),
                        })
                        .describe(
                            "GKE: roles/container.clusterViewer on the project (to reach the cluster) and a ClusterRoleBinding of the read-only platform-preview role to the account.",
                        ),
                    z
                        .strictObject({
                            type: z.literal("googleGroup").describe("A Google group (GKE, through Google Groups for RBAC)."),
                            email: z
                                .string()
                                .email("must be a Google group email address")
                                .describe("The group's email; it must be a member of gke-security-groups@<domain>."),
                        })
                        .describe(
                            "GKE: roles/container.clusterViewer on the project and a ClusterRoleBinding of the read-only platform-preview role to the group.",
                        ),
                ])
                .optional()
                .describe(
                    "The read-only identity of previews and drift checks, which the program gives read access inside the cluster (get, list and watch on every resource, Secrets included: Helm keeps release state there; no write, no exec): awsRole (arn) on aws; entraServicePrincipal or entraGroup (objectId) on azure; googleServiceAccount or googleGroup (email) on gcp. Default: unset (no preview access is declared).",
                ),
        })
        .prefault({})
        .describe("How CI reaches this stack: runner labels, GitHub Environments and the read-only preview identity.");
}

export type PipelineConfig = z.output<ReturnType<typeof pipelineSchema>>;

/** The read-only identity of previews and drift checks, by type. */
export type PreviewIdentity = NonNullable<PipelineConfig["previewIdentity"]>;

/** The identity types each cloud's cluster can grant. */
const identityTypes: Record<string, readonly string[]> = {
    aws: ["awsRole"],
    azure: ["entraServicePrincipal", "entraGroup"],
    gcp: ["googleServiceAccount", "googleGroup"],
    existing: [],
};

/** The runner labels as a list. */
export function runnerLabels(p: PipelineConfig): string[] | undefined {
    return p.runner === undefined ? undefined : Array.isArray(p.runner) ? p.runner : [p.runner];
}

/**
 * Checks that need the cluster: a private endpoint cannot be reached from a GitHub-hosted runner,
 * and the preview identity must be one the cluster's cloud can grant.
 */
export function pipelineIssues(config: { cluster: { cloud: string; endpoint?: { private: boolean } }; pipeline: PipelineConfig }): ConfigIssue[] {
    const out: ConfigIssue[] = [];
    const { cluster, pipeline } = config;
    const labels = runnerLabels(pipeline);
    // A missing runner is CI's concern (modules/delivery/stacks.ts refuses to deploy such a stack):
    // the program itself runs from any machine that reaches the endpoint, such as a laptop on the VPN.
    const hosted = (labels ?? []).filter((l) => githubHostedLabel.test(l));
    if (cluster.endpoint?.private && hosted.length > 0) {
        out.push({
            path: "pipeline.runner",
            message: `'${hosted.join("', '")}' is a GitHub-hosted runner, which cannot reach the private API endpoint (cluster.endpoint.private: true); use the labels of a runner inside the cluster's network, e.g. [self-hosted, linux, <network>]`,
        });
    }
    const identity = pipeline.previewIdentity;
    if (identity && !(identityTypes[cluster.cloud] ?? []).includes(identity.type)) {
        const allowed = identityTypes[cluster.cloud] ?? [];
        out.push({
            path: "pipeline.previewIdentity.type",
            message:
                allowed.length === 0
                    ? `CI does not preview ${cluster.cloud} clusters (their kubeconfig points at a machine CI cannot reach): remove pipeline.previewIdentity`
                    : `'${identity.type}' is not an identity a ${cluster.cloud} cluster can grant; use ${allowed.join(" or ")}`,
        });
    }
    return out;
}
