/**
 * `npm run new-stack`: writes a commented stack file for an organization's own stack, valid as
 * written (it plans cleanly), with placeholders only where the organization's own values must go,
 * and the list of what to set next. Logic for tools/new-stack.ts.
 */
import { charts } from "../addons/versions";
import { defaultKubernetesVersion, kubernetesVersions } from "../config/sections/cluster";
import { cloudRegions } from "../config/sections/cloud-regions";
import { regionProblem } from "../config/sections/placement";
import { tiers, Tier } from "../config/common";

export const clouds = ["aws", "azure", "gcp", "existing"] as const;
export type NewStackCloud = (typeof clouds)[number];

export interface NewStackOptions {
    cloud: NewStackCloud;
    env: Tier;
    /** Stack name, also the cluster name. */
    name: string;
    region?: string;
    /** GCP project id (gcp only). */
    project?: string;
}

/** The region a new stack gets when none is given. */
export const defaultRegions: Record<Exclude<NewStackCloud, "existing">, string> = { aws: "eu-west-1", azure: "westeurope", gcp: "europe-west1" };

/** A problem with one flag, named. */
export interface FlagProblem {
    flag: string;
    message: string;
}

/** Checks the options; every problem names its flag and what is expected. */
export function checkOptions(o: Partial<Record<keyof NewStackOptions, string>>): FlagProblem[] {
    const out: FlagProblem[] = [];
    if (!o.cloud) {
        out.push({ flag: "--cloud", message: `required: one of ${clouds.join(", ")}` });
    } else if (!(clouds as readonly string[]).includes(o.cloud)) {
        out.push({ flag: "--cloud", message: `'${o.cloud}' is not one of ${clouds.join(", ")}` });
    }
    if (!o.env) {
        out.push({ flag: "--env", message: `required: one of ${tiers.join(", ")}` });
    } else if (!(tiers as readonly string[]).includes(o.env)) {
        out.push({ flag: "--env", message: `'${o.env}' is not one of ${tiers.join(", ")}` });
    }
    if (!o.name) {
        out.push({ flag: "--name", message: "required: the stack's name, also its cluster's name (e.g. payments-prod)" });
    } else if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(o.name) || o.name.length > 40) {
        out.push({
            flag: "--name",
            message: `'${o.name}' must be lowercase letters, digits and '-', starting with a letter, at most 40 characters (it names the cluster and its cloud resources)`,
        });
    }
    if (o.region !== undefined) {
        if (o.cloud === "existing") {
            out.push({ flag: "--region", message: "an existing cluster has no region to set; leave --region out" });
        } else if (o.cloud && (clouds as readonly string[]).includes(o.cloud)) {
            const problem = regionProblem(o.cloud as "aws" | "azure" | "gcp", o.region);
            if (problem) {
                out.push({ flag: "--region", message: problem });
            }
        }
    }
    if (o.project !== undefined) {
        if (o.cloud !== "gcp") {
            out.push({ flag: "--project", message: "only for --cloud gcp" });
        } else if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(o.project)) {
            out.push({ flag: "--project", message: `'${o.project}' is not a GCP project id (6-30 lowercase letters, digits and '-', starting with a letter)` });
        }
    }
    return out;
}

const instanceTypes = {
    aws: ["m6i.large", "m6i.xlarge"],
    azure: ["Standard_D4ds_v5", "Standard_D4ds_v5"],
    gcp: ["e2-standard-4", "n2-standard-4"],
};

const adminGroupExample = {
    aws: "arn:aws:iam::<account>:role/<admin role>   # an IAM role (e.g. an SSO admin role) given cluster-admin through an EKS access entry",
    azure: "<object id>                               # an Entra ID group given cluster-admin",
    gcp: "platform-admins@<your domain>             # a Google group (Google Groups for RBAC)",
};

const previewIdentityExample = {
    aws: ["type: awsRole", "arn: arn:aws:iam::<account>:role/platform-preview"],
    azure: ["type: entraServicePrincipal", "objectId: <object id of the preview identity>"],
    gcp: ["type: googleServiceAccount", "email: platform-preview@<project>.iam.gserviceaccount.com"],
};

const dnsZoneExample = {
    aws: "Z0123456789EXAMPLE                       # Route 53 hosted zone id",
    azure: "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/dnszones/<domain>",
    gcp: "projects/<project>/managedZones/<zone>",
};

const minor = (v: string) => Number(v.split(".")[1]);

/**
 * The Kubernetes minor a new stack starts on: the platform's default, or lower when a chart the new
 * stack may install (every pinned chart but the ingress controllers it does not select: ingress-nginx and Contour) does not support
 * it yet; and one the cloud offers.
 */
export function newStackKubernetesVersion(cloud: NewStackCloud): string {
    const ceiling = Math.min(
        ...Object.entries(charts)
            .filter(([k]) => k !== "ingressNginx" && k !== "contour")
            .map(([, c]) => minor(c.kubernetes.max)),
    );
    const offered: readonly string[] = cloud === "existing" ? ["1.33", "1.34", "1.35", "1.36"] : kubernetesVersions[cloud];
    const fits = offered.filter((v) => minor(v) <= Math.min(ceiling, minor(defaultKubernetesVersion)));
    return fits[fits.length - 1] ?? defaultKubernetesVersion;
}

/** The stack file's text: valid as written, commented, placeholders only in comments. */
export function renderStackFile(o: NewStackOptions): string {
    const lines: string[] = [];
    const prod = o.env === "prod";
    lines.push(`# Stack ${o.name}: ${o.env} on ${o.cloud === "existing" ? "an existing cluster" : o.cloud.toUpperCase()}. Written by \`npm run new-stack\`.`);
    lines.push("# Every key: docs/config.md. Check it offline with:");
    lines.push(`#   npm run plan -- --stack ${o.name}`);
    lines.push("# Secrets never go in this file as text: `pulumi config set --secret --path '<key.path>' <value>`");
    lines.push("# stores them encrypted (secure: ...) with the stack's secrets provider.");
    lines.push("config:");
    lines.push(`  platform:environment: ${o.env}`);
    lines.push("  platform:cluster:");
    if (o.cloud === "existing") {
        lines.push("    cloud: existing");
        lines.push(`    name: ${o.name}`);
        lines.push("    kubeconfig: ~/.kube/config        # path to the kubeconfig (or its contents, as a secret)");
        lines.push(`    # context: my-context             # default: the kubeconfig's current context`);
        lines.push(
            `    kubernetesVersion: "${newStackKubernetesVersion("existing")}"         # the cluster's minor version: every chart is checked against it (quoted)`,
        );
    } else {
        const cloud = o.cloud;
        const region = o.region ?? defaultRegions[cloud];
        lines.push(`    cloud: ${cloud}`);
        lines.push(`    name: ${o.name}`);
        if (cloud === "gcp") {
            lines.push(
                `    project: ${o.project ?? `${o.name.slice(0, 21)}-project`.replace(/--+/g, "-")}${o.project ? "" : "   # TODO: your GCP project id (npm run new-stack -- ... --project <id>)"}`,
            );
        }
        lines.push(`    region: ${region}                  # ${cloudRegions[cloud].source.split(" ")[0]}`);
        lines.push(
            `    kubernetesVersion: "${newStackKubernetesVersion(cloud)}"        # the newest minor every pinned chart supports (npm run compat); quoted: YAML reads 1.30 as 1.3`,
        );
        lines.push("    endpoint:");
        if (prod) {
            lines.push("      private: true                 # prod: the API server is reachable only from inside the network");
            lines.push("      privateAccessCidrs: []        # add the VPN and the CI runners' networks, e.g. [10.255.0.0/20]");
        } else {
            lines.push("      private: false");
            lines.push("      publicAccessCidrs:");
            lines.push("        - 203.0.113.0/24            # TODO: your office/VPN and CI runners' egress ranges (never 0.0.0.0/0)");
        }
        lines.push("    nodePools:");
        lines.push(`      system:    { instanceType: ${instanceTypes[cloud][0]} }`);
        lines.push(`      workloads: { instanceType: ${instanceTypes[cloud][1]} }`);
        lines.push(`    # adminGroup: ${adminGroupExample[cloud]}`);
    }
    lines.push("  # Envoy Gateway with the Gateway API: the maintained ingress controller (ingress-nginx is retired).");
    lines.push("  platform:ingress:");
    lines.push("    controller: envoyGateway");
    // Logs: `auto` (the default) ships to the cluster's log service, or keeps them in the in-cluster
    // Loki where the cluster has none, so the file says nothing about them. Alerts need a receiver.
    lines.push("  # Alerts: where critical alerts go (docs/config.md, observability.metrics.alertmanager). Secrets by path:");
    lines.push("  #   pulumi config set --secret --path 'platform:observability.metrics.alertmanager.receivers[0].routingKey' <key>");
    lines.push("  platform:observability:");
    lines.push("    metrics:");
    lines.push("      alertmanager:");
    if (prod) {
        lines.push("        receivers:                  # prod refuses to plan without one; pagerduty, slack or webhook take a secret");
        lines.push("          - type: email");
        lines.push("            name: oncall");
        lines.push(`            to: oncall@${o.name}.example.com          # TODO: your on-call address`);
        lines.push(`            from: alertmanager@${o.name}.example.com  # TODO: a sender your relay accepts`);
        lines.push("            smarthost: smtp.example.com:587          # TODO: your SMTP relay (username/password if it needs login)");
        lines.push("        criticalReceiver: oncall");
    } else {
        lines.push("        # receivers: [{ type: pagerduty, name: oncall, routingKey: <secret> }]   # or slack, webhook, email");
        lines.push("        criticalReceiver: none      # alerts stay in Alertmanager's UI; name a receiver to be paged");
    }
    if (o.cloud !== "existing") {
        const cloud = o.cloud;
        lines.push("  # external-dns: enable it with the zones it may write (permissions are scoped to exactly these).");
        lines.push("  # platform:dns:");
        lines.push("  #   enabled: true");
        lines.push("  #   zones:");
        lines.push(`  #     - { domain: ${o.name}.example.com, id: ${dnsZoneExample[cloud].split(" ")[0]} }`);
        lines.push("  # CI: which runner and GitHub Environments preview and deploy this stack (docs/operations.md).");
        lines.push("  platform:pipeline:");
        if (prod) {
            lines.push(`    runner: [self-hosted, linux, ${o.name}]   # TODO: labels of a runner inside the cluster's network`);
        } else {
            lines.push("    # runner: [self-hosted, linux]   # default: ubuntu-latest (the endpoint must admit its egress)");
        }
        lines.push(`    # deployEnvironment: ${o.name}              # default: the stack name`);
        lines.push(`    # previewEnvironment: ${o.name}-preview     # default: <stack>-preview`);
        lines.push("    # previewIdentity:                 # the read-only identity of previews and drift checks");
        for (const l of previewIdentityExample[cloud]) {
            lines.push(`    #   ${l}`);
        }
        if (!prod) {
            // An empty mapping is not valid YAML for a section: keep the section for the comments only.
            lines.splice(lines.indexOf("  platform:pipeline:"), 1, "  # platform:pipeline:");
        }
    }
    return `${lines.join("\n")}\n`;
}

const backendLogin = {
    aws: ["pulumi login s3://<state bucket>            # with AWS_REGION set, or s3://<bucket>?region=<region>"],
    azure: ["export AZURE_STORAGE_ACCOUNT=<storage account>", "pulumi login azblob://<state container>"],
    gcp: ["pulumi login gs://<state bucket>"],
    existing: ["pulumi login                               # Pulumi Cloud, or s3://, azblob://, gs://, file://~/.pulumi-state"],
};

function secretsProvider(o: NewStackOptions): string {
    switch (o.cloud) {
        case "aws":
            return `awskms://alias/pulumi-${o.name}?region=${o.region ?? defaultRegions.aws}`;
        case "azure":
            return "azurekeyvault://<vault name>.vault.azure.net/keys/pulumi-" + o.name;
        case "gcp":
            return `gcpkms://projects/${o.project ?? "<project>"}/locations/global/keyRings/pulumi/cryptoKeys/${o.name}`;
        default:
            return "passphrase";
    }
}

const ciVariables = {
    aws: "AWS_ROLE_ARN, AWS_REGION",
    azure: "AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_SUBSCRIPTION_ID (and AZURE_STORAGE_ACCOUNT for an azblob:// backend)",
    gcp: "GCP_WORKLOAD_IDENTITY_PROVIDER, GCP_SERVICE_ACCOUNT",
};

/** What to do after writing the file, as numbered steps with exact commands. */
export function nextSteps(o: NewStackOptions, file: string): string {
    const s: string[] = [];
    let n = 0;
    const step = (title: string, ...commands: string[]) => {
        s.push(`${++n}. ${title}`);
        for (const c of commands) {
            s.push(`     ${c}`);
        }
    };
    step("Check the file offline (no credentials needed):", `npm run plan -- --stack ${o.name}`);
    if (o.cloud !== "existing" && o.env !== "prod") {
        step(
            "Replace the TODOs: the endpoint's allowed ranges (cluster.endpoint.publicAccessCidrs)" +
                (o.cloud === "gcp" && !o.project ? " and the GCP project id" : "") +
                ".",
        );
    } else if (o.cloud !== "existing") {
        step(
            "Replace the TODOs: the runner labels (pipeline.runner), the networks allowed to the private endpoint (cluster.endpoint.privateAccessCidrs), the on-call receiver (observability.metrics.alertmanager.receivers)" +
                (o.cloud === "gcp" && !o.project ? ", and the GCP project id" : "") +
                ".",
        );
    } else if (o.env === "prod") {
        step("Replace the TODO: the on-call receiver for critical alerts (observability.metrics.alertmanager.receivers).");
    }
    step("Log in to the state backend (once per organization):", ...backendLogin[o.cloud]);
    step("Create the stack with its secrets provider:", `pulumi stack init ${o.name} --secrets-provider "${secretsProvider(o)}"`);
    step(
        "Set secrets encrypted, by path (a plain-text secret is rejected), for example:",
        "pulumi config set --secret --path 'observability.metrics.grafana.adminPassword' '<password>'",
        "pulumi config set --secret --path 'security.falco.slackWebhookUrl' '<slack incoming-webhook URL>'",
    );
    if (o.cloud !== "existing") {
        step("Name the cluster admins:", `pulumi config set --path 'cluster.adminGroup' '${adminGroupExample[o.cloud].split(/\s{2,}/)[0].trim()}'`);
        step("Let external-dns write your zones (uncomment platform:dns in the file and fill in the zone):", `domain and id: ${dnsZoneExample[o.cloud]}`);
        step(
            `CI identities (OIDC, no keys): create the GitHub Environments '${o.name}' (deploy${o.env === "prod" ? ", with required reviewers" : ""}) and '${o.name}-preview' (read-only), each with the variables ${ciVariables[o.cloud]}; then set platform:pipeline.previewIdentity. See docs/operations.md, "Secrets and variables" and "First deploy".`,
        );
    } else {
        step(
            "Deploy from a machine that reaches the cluster (CI does not deploy existing clusters):",
            `pulumi up --stack ${o.name} --policy-pack policy-pack --policy-pack-config policy-pack/config/${o.env}.json`,
        );
    }
    step("Commit the file and open a pull request: the plan comment shows every resource; merging deploys it.", `git add ${file}`);
    return s.join("\n");
}
