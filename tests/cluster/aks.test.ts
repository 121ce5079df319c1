import { expect } from "chai";
import { resolveOutput, withAlertReceiver } from "../harness";
import type { ClusterHandle } from "../../modules/cluster/contract";
import { at, azureConfig, ClusterPlan, dnsBinding, outputsOf, planCluster } from "./helpers";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const POOL = "azure-native:containerservice:AgentPool";
const KEY = "azure-native:keyvault:Key";

/** What the shared dev plan captures: the kubeconfig and an external-dns binding's annotations and pod labels. */
async function kubeconfigAndBinding(h: ClusterHandle) {
    const bound = h.identity.bind(dnsBinding);
    return {
        kubeconfig: await resolveOutput(h.kubeconfig),
        annotations: (await resolveOutput(bound.serviceAccountAnnotations)).value,
        labels: bound.podLabels,
    };
}

describe("AKS clusters", () => {
    let dev: ClusterPlan<Awaited<ReturnType<typeof kubeconfigAndBinding>>>;
    let prod: ClusterPlan<undefined>;
    before(async () => {
        dev = await planCluster(
            azureConfig("dev", {
                endpoint: { private: false, publicAccessCidrs: ["198.51.100.0/24"] },
                nodePools: { system: { autoscaling: { min: 2, max: 4 }, maxSurge: 1 }, workloads: { autoscaling: { min: 0, max: 12 }, maxSurge: 3 } },
            }),
            kubeconfigAndBinding,
        );
        prod = await planCluster(withAlertReceiver(azureConfig("prod")));
    });

    it("prod clusters never expose a public API endpoint", async () => {
        const plan = prod;
        const access = at(plan.one(CLUSTER).props, "apiServerAccessProfile") as Record<string, unknown>;
        expect(access.enablePrivateCluster).to.equal(true);
        expect(access.enablePrivateClusterPublicFQDN).to.equal(false);
        expect(access.authorizedIPRanges).to.equal(undefined);
    });

    it("a dev public endpoint is limited to the configured IP ranges", async () => {
        const plan = dev;
        expect(at(plan.one(CLUSTER).props, "apiServerAccessProfile")).to.deep.include({ enablePrivateCluster: false, authorizedIPRanges: ["198.51.100.0/24"] });
    });

    it("secrets are encrypted (KMS) with a Key Vault key created in the stack, which the control plane may use", async () => {
        const plan = dev;
        const cluster = plan.one(CLUSTER);
        const key = plan.one(KEY, "acme-secrets");
        const kms = at(cluster.props, "securityProfile.azureKeyVaultKms") as Record<string, unknown>;
        expect(kms.enabled).to.equal(true);
        expect(kms.keyId).to.equal(outputsOf(key).keyUriWithVersion);
        const controlPlane = plan.one("azure-native:managedidentity:UserAssignedIdentity", "acme-control-plane");
        const access = plan.one("azure-native:authorization:RoleAssignment", "acme-kms-access");
        expect(access.props.principalId).to.equal(outputsOf(controlPlane).principalId);
        expect(String(access.props.roleDefinitionId)).to.match(/roleDefinitions\/12338af0-0e69-4776-bea7-57ae8d297424$/);
        // Scoped to the key itself, not the vault.
        expect(access.props.scope).to.equal(outputsOf(key).id);
        expect(cluster.dependencies).to.include(access.urn);
        expect(at(cluster.props, "identity.userAssignedIdentities")).to.deep.equal([outputsOf(controlPlane).id]);
    });

    it("node and volume disks are encrypted with the cluster's disks key through a disk encryption set", async () => {
        const plan = dev;
        const des = plan.one("azure-native:compute:DiskEncryptionSet");
        expect(at(des.props, "activeKey.keyUrl")).to.equal(outputsOf(plan.one(KEY, "acme-disks")).keyUri);
        expect(plan.one(CLUSTER).props.diskEncryptionSetID).to.equal(outputsOf(des).id);
    });

    it("control-plane audit logs go to a Log Analytics workspace", async () => {
        const plan = dev;
        const setting = plan.one("azure-native:monitor:DiagnosticSetting");
        expect(setting.props.resourceUri).to.equal(outputsOf(plan.one(CLUSTER)).id);
        expect(setting.props.workspaceId).to.equal(outputsOf(plan.one("azure-native:operationalinsights:Workspace")).id);
        const categories = (setting.props.logs as { category: string; enabled: boolean }[]).filter((l) => l.enabled).map((l) => l.category);
        expect(categories).to.include.members(["kube-audit", "kube-apiserver", "guard"]);
    });

    it("workload identity and the OIDC issuer are enabled", async () => {
        const props = dev.one(CLUSTER).props;
        expect(at(props, "oidcIssuerProfile.enabled")).to.equal(true);
        expect(at(props, "securityProfile.workloadIdentity.enabled")).to.equal(true);
    });

    it("Entra ID RBAC with the admin group, and no local accounts", async () => {
        const props = dev.one(CLUSTER).props;
        expect(props.disableLocalAccounts).to.equal(true);
        expect(at(props, "aadProfile.managed")).to.equal(true);
        expect(at(props, "aadProfile.enableAzureRBAC")).to.equal(true);
        expect(at(props, "aadProfile.adminGroupObjectIDs")).to.deep.equal(["5f0c3b9e-2a71-4c1d-9e0b-7a2d4c6e8f10"]);
        expect(at(props, "networkProfile.networkPolicy")).to.equal("cilium");
    });

    it("the identity running pulumi is cluster admin of this cluster only, before any in-cluster resource", async () => {
        const assignment = dev.one("azure-native:authorization:RoleAssignment", "acme-deployer-admin");
        expect(assignment.props.scope).to.equal(outputsOf(dev.one(CLUSTER)).id);
        expect(String(assignment.props.roleDefinitionId)).to.match(/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b$/);
        expect(dev.one("pulumi:providers:kubernetes").dependencies).to.include(assignment.urn);
    });

    it("pools autoscale within the configured bounds, have no public IPs or SSH, and upgrade by surging", async () => {
        const plan = dev;
        const system = (at(plan.one(CLUSTER).props, "agentPoolProfiles") as Record<string, unknown>[])[0];
        const workloads = plan.one(POOL).props;
        expect(system).to.include({ mode: "System", enableAutoScaling: true, minCount: 2, maxCount: 4, enableNodePublicIP: false });
        expect(workloads).to.include({ mode: "User", enableAutoScaling: true, minCount: 0, maxCount: 12, enableNodePublicIP: false });
        expect(at(system, "upgradeSettings.maxSurge")).to.equal("1");
        expect(at(workloads, "upgradeSettings.maxSurge")).to.equal("3");
        for (const pool of [system, workloads]) {
            expect(at(pool, "securityProfile.sshAccess")).to.equal("Disabled");
            expect(pool.availabilityZones).to.deep.equal(["1", "2", "3"]);
        }
    });

    it("egress goes through a NAT gateway on the node subnet", async () => {
        const plan = dev;
        const subnet = plan.one("azure-native:network:Subnet", "acme-nodes");
        expect(at(subnet.props, "natGateway.id")).to.equal(outputsOf(plan.one("azure-native:network:NatGateway")).id);
        expect(subnet.props.defaultOutboundAccess).to.equal(false);
        expect(at(plan.one(CLUSTER).props, "networkProfile.outboundType")).to.equal("userAssignedNATGateway");
    });

    it("prod protects the cluster, vault, keys and workspace and retains the vault and keys; dev protects nothing", async () => {
        for (const type of [CLUSTER, "azure-native:keyvault:Vault", "azure-native:operationalinsights:Workspace", "azure-native:compute:DiskEncryptionSet"]) {
            expect(prod.one(type).protect, type).to.equal(true);
        }
        for (const key of prod.ofType(KEY)) {
            expect(key.protect && key.retainOnDelete, key.name).to.equal(true);
        }
        expect(prod.one("azure-native:keyvault:Vault").retainOnDelete).to.equal(true);
        expect(dev.resources.filter((r) => r.protect).map((r) => r.name)).to.deep.equal([]);
    });

    it("the kubeconfig is a secret that authenticates with kubelogin", async () => {
        const { kubeconfig } = dev.extra;
        expect(kubeconfig.secret).to.equal(true);
        expect(kubeconfig.value).to.match(/command: kubelogin\n/);
        expect(kubeconfig.value).to.contain("- 6dae42f8-4368-4678-94ff-3960e28e3630\n");
        expect(kubeconfig.value).to.match(/server: https:\/\/acme-[0-9a-f]+\.hcp\.westeurope\.azmk8s\.io:443/);
    });

    describe("identity binder (Azure Workload Identity)", () => {
        it("the identity is federated for exactly the requested namespace and service account, with its roles", async () => {
            const plan = dev;
            const credentials = plan.ofType("azure-native:managedidentity:FederatedIdentityCredential");
            expect(credentials).to.have.length(1);
            const identity = plan.one("azure-native:managedidentity:UserAssignedIdentity", "acme-external-dns");
            expect(credentials[0].props).to.include({
                subject: "system:serviceaccount:external-dns:external-dns",
                issuer: at(outputsOf(plan.one(CLUSTER)), "oidcIssuerProfile.issuerURL"),
                resourceName: outputsOf(identity).name,
            });
            expect(credentials[0].props.audiences).to.deep.equal(["api://AzureADTokenExchange"]);
            const role = plan.one("azure-native:authorization:RoleAssignment", "acme-external-dns-0");
            expect(role.props.principalId).to.equal(outputsOf(identity).principalId);
            expect(role.props.scope).to.equal(dnsBinding.permissions.azure.roleAssignments[0].scope);
            expect(String(role.props.roleDefinitionId)).to.match(/befefa01-2a29-4197-83a8-272ff33ce314$/);
            expect(plan.extra.annotations["azure.workload.identity/client-id"]).to.equal(outputsOf(identity).clientId);
            expect(plan.extra.labels).to.deep.equal({ "azure.workload.identity/use": "true" });
        });

        it("an unknown role name fails at bind time, naming the role", async () => {
            await planCluster(azureConfig("dev"), async (h) => {
                expect(() => h.identity.bind({ ...dnsBinding, permissions: { azure: { roleAssignments: [{ role: "DNS Wizard", scope: "/x" }] } } })).to.throw(
                    /unknown Azure role 'DNS Wizard'/,
                );
            });
        });
    });
});
