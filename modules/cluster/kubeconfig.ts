/**
 * Kubeconfig builders shared by the managed clouds. Each cloud authenticates with its own exec
 * plugin (`aws eks get-token`, `kubelogin`, `gke-gcloud-auth-plugin`), so the kubeconfig holds no
 * long-lived credential; it is still exported as a Pulumi secret (it names the endpoint and CA).
 */
import { stringify } from "yaml";

/** How kubectl (and the Pulumi Kubernetes provider) obtains a token. */
export interface ExecAuth {
    command: string;
    args: string[];
    env?: { name: string; value: string }[];
    /** Pass the cluster's server and CA to the plugin (gke-gcloud-auth-plugin wants it). */
    provideClusterInfo?: boolean;
    /** Shown by kubectl when the command is missing. */
    installHint: string;
}

export interface KubeconfigInput {
    /** Name of the cluster, context and user entries. */
    name: string;
    /** API server URL (https://...). */
    server: string;
    /** Base64-encoded certificate authority bundle. */
    caData: string;
    exec: ExecAuth;
}

/** A single-context kubeconfig (YAML) that authenticates through an exec plugin. */
export function execKubeconfig(input: KubeconfigInput): string {
    const server = input.server.startsWith("https://") ? input.server : `https://${input.server}`;
    return stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: input.name, cluster: { server, "certificate-authority-data": input.caData } }],
        contexts: [{ name: input.name, context: { cluster: input.name, user: input.name } }],
        "current-context": input.name,
        preferences: {},
        users: [
            {
                name: input.name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: input.exec.command,
                        args: input.exec.args,
                        ...(input.exec.env ? { env: input.exec.env } : {}),
                        interactiveMode: "Never",
                        provideClusterInfo: input.exec.provideClusterInfo ?? false,
                        installHint: input.exec.installHint,
                    },
                },
            },
        ],
    });
}

/** `aws eks get-token` for one cluster in one region. */
export function awsExec(clusterName: string, region: string): ExecAuth {
    return {
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"],
        installHint: "Install the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html",
    };
}

/** The Entra ID server application id of AKS-managed Entra integration (the token audience). */
export const aksServerAppId = "6dae42f8-4368-4678-94ff-3960e28e3630";

/**
 * `kubelogin get-token` against AKS-managed Entra ID, using the Azure CLI's login (the same
 * identity `pulumi up` uses). Set AAD_LOGIN_METHOD=workloadidentity in CI to override.
 */
export function azureExec(): ExecAuth {
    return {
        command: "kubelogin",
        args: ["get-token", "--login", "azurecli", "--server-id", aksServerAppId],
        installHint: "Install kubelogin: https://azure.github.io/kubelogin/install.html (or `az aks install-cli`)",
    };
}

/** `gke-gcloud-auth-plugin`, which reads the cluster info kubectl passes it. */
export function gcpExec(): ExecAuth {
    return {
        command: "gke-gcloud-auth-plugin",
        args: [],
        provideClusterInfo: true,
        installHint: "Install gke-gcloud-auth-plugin: `gcloud components install gke-gcloud-auth-plugin`",
    };
}
