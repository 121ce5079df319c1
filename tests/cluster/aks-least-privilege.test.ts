/**
 * AKS least privilege and logs (issues 16 and 17): a key per purpose with roles scoped to the key,
 * a Key Vault and storage accounts that are not open to the internet, KMS through a private vault
 * with API Server VNet Integration (which also narrows API-server egress), the full audit log, VNet
 * flow logs, and Azure Monitor Container Insights as the cluster's log service.
 */
import { expect } from "chai";
import { resolveOutput, rejectionOf } from "../harness";
import type { ClusterHandle } from "../../modules/cluster/contract";
import { clusterCapabilities, clusterProfile } from "../../modules/cluster/capabilities";
import { cidrsOverlap } from "../../modules/lib/cidr";
import { at, azureConfig, ClusterPlan, outputsOf, planCluster } from "./helpers";

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const KEY = "azure-native:keyvault:Key";
const ROLE = "azure-native:authorization:RoleAssignment";
const ACCOUNT = "azure-native:storage:StorageAccount";

/** What the plan captures from the handle: a bucket, a Vault unseal key's permissions, the network facts and the log service. */
async function handleFacts(h: ClusterHandle) {
    h.objectStore!.create({ name: "thanos", protect: false });
    const unseal = h.kms!.createKey("vault-unseal");
    return {
        unsealScope: (await resolveOutput(unseal.encryptDecrypt.azure!.roleAssignments[0].scope)).value,
        apiServerCidrs: h.network.apiServerCidrs,
        logs: h.logs,
    };
}

describe("AKS keys, private endpoints and logs (least privilege)", () => {
    let plan: ClusterPlan<Awaited<ReturnType<typeof handleFacts>>>;
    const key = (purpose: string) => plan.one(KEY, `acme-${purpose}`);
    const role = (name: string) => plan.one(ROLE, name);
    before(async () => {
        plan = await planCluster(azureConfig("prod"), handleFacts);
    });

    it("has a key per purpose, and every role on a key is scoped to that key, not the vault", () => {
        expect(plan.ofType(KEY).map((k) => k.name)).to.include.members(["acme-secrets", "acme-disks", "acme-objects", "acme-logs", "acme-vault-unseal"]);
        const scopes: Record<string, string> = {
            "acme-kms-access": "secrets",
            "acme-disks-access": "disks",
            "acme-objects-cmk-access": "objects",
            "acme-logs-cmk-access": "logs",
        };
        for (const [assignment, purpose] of Object.entries(scopes)) {
            expect(role(assignment).props.scope, assignment).to.equal(outputsOf(key(purpose)).id);
        }
        expect(plan.extra.unsealScope).to.equal(outputsOf(key("vault-unseal")).id);
        // The one role on the vault: AKS manages the private link of a private KMS vault (management plane only).
        const onVault = plan.ofType(ROLE).filter((r) => r.props.scope === outputsOf(plan.one("azure-native:keyvault:Vault")).id);
        expect(onVault.map((r) => r.name)).to.deep.equal(["acme-kms-private-link"]);
        expect(String(onVault[0].props.roleDefinitionId)).to.match(/f25e0fa2-a7c8-4377-a976-54943a77a395$/);
    });

    it("each purpose uses its own key: KMS, the disk encryption set, bucket and flow-log storage accounts", () => {
        expect(at(plan.one(CLUSTER).props, "securityProfile.azureKeyVaultKms.keyId")).to.equal(outputsOf(key("secrets")).keyUriWithVersion);
        expect(at(plan.one("azure-native:compute:DiskEncryptionSet").props, "activeKey.keyUrl")).to.equal(outputsOf(key("disks")).keyUri);
        const byKey = (purpose: string) =>
            plan.ofType(ACCOUNT).filter((a) => at(a.props, "encryption.keyVaultProperties.keyName") === outputsOf(key(purpose)).name);
        expect(byKey("objects").map((a) => a.name)).to.deep.equal(["thanos-account"]);
        expect(byKey("logs").map((a) => a.name)).to.deep.equal(["acme-flow-logs"]);
        for (const account of plan.ofType(ACCOUNT)) {
            expect(at(account.props, "encryption.keySource"), account.name).to.equal("Microsoft.Keyvault");
            expect(account.props.allowSharedKeyAccess, account.name).to.equal(false);
            const identity = at(account.props, "encryption.encryptionIdentity.encryptionUserAssignedIdentity");
            expect(at(account.props, "identity.userAssignedIdentities"), account.name).to.deep.equal([identity]);
        }
    });

    it("the Key Vault is not open to the internet; the cluster reaches it through a private endpoint in its own network", () => {
        const vault = plan.one("azure-native:keyvault:Vault");
        expect(at(vault.props, "properties.publicNetworkAccess")).to.equal("Disabled");
        expect(at(vault.props, "properties.networkAcls")).to.deep.equal({ bypass: "AzureServices", defaultAction: "Deny" });
        const endpoint = plan.one("azure-native:network:PrivateEndpoint", "acme-kv");
        expect(at(endpoint.props, "privateLinkServiceConnections.0")).to.deep.include({ privateLinkServiceId: outputsOf(vault).id, groupIds: ["vault"] });
        expect(at(endpoint.props, "subnet.id")).to.equal(outputsOf(plan.one("azure-native:network:Subnet", "acme-nodes")).id);
        const zone = plan.one("azure-native:privatedns:PrivateZone", "acme-vault-dns");
        expect(zone.props.privateZoneName).to.equal("privatelink.vaultcore.azure.net");
        expect(at(plan.one("azure-native:network:PrivateDnsZoneGroup", "acme-kv").props, "privateDnsZoneConfigs.0.privateDnsZoneId")).to.equal(
            outputsOf(zone).id,
        );
        const link = plan.one("azure-native:privatedns:VirtualNetworkLink", "acme-vault-dns");
        expect(at(link.props, "virtualNetwork.id")).to.equal(outputsOf(plan.one("azure-native:network:VirtualNetwork")).id);
    });

    it("storage accounts deny the internet: buckets have no public network access and a private endpoint, flow logs let only trusted Azure services in", () => {
        const bucket = plan.one(ACCOUNT, "thanos-account");
        expect(bucket.props.publicNetworkAccess).to.equal("Disabled");
        const endpoint = plan.one("azure-native:network:PrivateEndpoint", "thanos-blob");
        expect(at(endpoint.props, "privateLinkServiceConnections.0")).to.deep.include({ privateLinkServiceId: outputsOf(bucket).id, groupIds: ["blob"] });
        const flowLogs = plan.one(ACCOUNT, "acme-flow-logs");
        for (const account of [bucket, flowLogs]) {
            expect(at(account.props, "networkRuleSet"), account.name).to.deep.equal({ defaultAction: "Deny", bypass: "AzureServices" });
        }
    });

    it("KMS uses the private vault through API Server VNet Integration, whose subnet is the only API-server range pods may reach", () => {
        const props = plan.one(CLUSTER).props;
        expect(at(props, "securityProfile.azureKeyVaultKms")).to.deep.include({
            keyVaultNetworkAccess: "Private",
            keyVaultResourceId: outputsOf(plan.one("azure-native:keyvault:Vault")).id,
        });
        const subnet = plan.one("azure-native:network:Subnet", "acme-apiserver");
        expect(at(props, "apiServerAccessProfile")).to.deep.include({
            enableVnetIntegration: true,
            subnetId: outputsOf(subnet).id,
            enablePrivateCluster: true,
        });
        expect(subnet.props.delegations).to.deep.equal([{ name: "aks-apiserver", serviceName: "Microsoft.ContainerService/managedClusters" }]);
        const cidrs = plan.extra.apiServerCidrs ?? [];
        expect(cidrs).to.deep.equal([subnet.props.addressPrefix, "10.96.0.1/32"]);
        expect(cidrsOverlap(String(subnet.props.addressPrefix), "10.0.0.0/16")).to.equal(true);
        expect(cidrsOverlap(String(subnet.props.addressPrefix), String(plan.one("azure-native:network:Subnet", "acme-nodes").props.addressPrefix))).to.equal(
            false,
        );
        // The control plane joins its API server to that subnet.
        expect(role("acme-apiserver-subnet-access").props.scope).to.equal(outputsOf(subnet).id);
    });

    it("the control-plane diagnostic setting sends the full audit log (kube-audit, reads included)", () => {
        const categories = (plan.one("azure-native:monitor:DiagnosticSetting").props.logs as { category: string; enabled: boolean }[])
            .filter((l) => l.enabled)
            .map((l) => l.category);
        expect(categories).to.include("kube-audit");
        expect(categories).to.not.include("kube-audit-admin");
    });

    it("VNet flow logs cover the VNet, in a storage account of the stack, kept as long as the audit logs (at most 365 days)", () => {
        const flowLog = plan.one("azure-native:network:FlowLog");
        expect(flowLog.props).to.include({
            resourceGroupName: "NetworkWatcherRG",
            networkWatcherName: "NetworkWatcher_westeurope",
            location: "westeurope",
            enabled: true,
        });
        expect(flowLog.props.targetResourceId).to.equal(outputsOf(plan.one("azure-native:network:VirtualNetwork")).id);
        const account = plan.one(ACCOUNT, "acme-flow-logs");
        expect(flowLog.props.storageId).to.equal(outputsOf(account).id);
        expect(flowLog.props.retentionPolicy).to.deep.equal({ enabled: true, days: 365 });
        // Network Watcher writes as the flow log's own identity (the account takes no shared key).
        const writer = plan.one("azure-native:managedidentity:UserAssignedIdentity", "acme-flow-logs");
        expect(at(flowLog.props, "identity.userAssignedIdentities")).to.deep.equal([outputsOf(writer).id]);
        const write = role("acme-flow-logs-writer");
        expect(write.props).to.include({ principalId: outputsOf(writer).principalId, scope: outputsOf(account).id });
        expect(String(write.props.roleDefinitionId)).to.match(/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
    });

    it("logs: Container Insights with managed identity writes to the workspace created before the cluster, through a data collection rule and its association", () => {
        const cluster = plan.one(CLUSTER);
        const workspace = plan.one("azure-native:operationalinsights:Workspace");
        expect(at(cluster.props, "addonProfiles.omsagent")).to.deep.equal({
            enabled: true,
            config: { logAnalyticsWorkspaceResourceID: outputsOf(workspace).id, useAADAuth: "true" },
        });
        expect(cluster.dependencies).to.include(workspace.urn);
        const rule = plan.one("azure-native:monitor:DataCollectionRule");
        expect(at(rule.props, "dataFlows")).to.deep.equal([{ streams: ["Microsoft-ContainerInsights-Group-Default"], destinations: ["ciworkspace"] }]);
        expect(at(rule.props, "destinations.logAnalytics")).to.deep.equal([{ name: "ciworkspace", workspaceResourceId: outputsOf(workspace).id }]);
        expect(at(rule.props, "dataSources.extensions.0.extensionName")).to.equal("ContainerInsights");
        const association = plan.one("azure-native:monitor:DataCollectionRuleAssociation");
        expect(association.props).to.include({
            resourceUri: outputsOf(cluster).id,
            dataCollectionRuleId: outputsOf(rule).id,
            associationName: "ContainerInsightsExtension",
        });
    });

    it("the handle's log service is Container Insights, which the cluster runs itself; azure offers the logs capability", () => {
        expect(plan.extra.logs?.auto).to.deep.equal({ cluster: { name: "Azure Monitor Container Insights" } });
        expect(clusterCapabilities("azure")).to.include("logs");
        expect(clusterProfile("azure").logs?.auto).to.deep.equal(plan.extra.logs?.auto);
    });
});

describe("AKS on an existing network", () => {
    const subnet = (name: string) =>
        `/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/${name}`;
    const existing = {
        mode: "existing",
        subnetId: subnet("aks-nodes"),
        cidr: "10.70.0.0/22",
        apiServerSubnetId: subnet("aks-apiserver"),
        apiServerSubnetCidr: "10.70.4.0/28",
    };

    it("needs an API server subnet, named in the error", () => {
        const { apiServerSubnetId: _id, ...without } = existing;
        expect(rejectionOf(azureConfig("dev", { network: without })).join("\n")).to.match(/cluster\.network\.apiServerSubnetId/);
        expect(rejectionOf(azureConfig("dev", { network: { ...existing, apiServerSubnetCidr: "10.70.4.0/29" } })).join("\n")).to.match(
            /cluster\.network\.apiServerSubnetCidr: must be a \/28 or larger/,
        );
        expect(rejectionOf(azureConfig("dev", { network: { ...existing, apiServerSubnetCidr: "10.70.1.0/28" } })).join("\n")).to.match(
            /cluster\.network\.apiServerSubnetCidr: overlaps cidr/,
        );
    });

    it("integrates the API server in the given subnet, links private DNS to its VNet, and flow-logs the node subnet", async () => {
        const plan = await planCluster(azureConfig("dev", { network: existing }), async (h) => h.network.apiServerCidrs);
        expect(plan.ofType("azure-native:network:VirtualNetwork")).to.deep.equal([]);
        expect(at(plan.one(CLUSTER).props, "apiServerAccessProfile.subnetId")).to.equal(existing.apiServerSubnetId);
        expect(plan.extra).to.deep.equal(["10.70.4.0/28", "10.96.0.1/32"]);
        expect(at(plan.one("azure-native:privatedns:VirtualNetworkLink", "acme-vault-dns").props, "virtualNetwork.id")).to.equal(
            "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub",
        );
        expect(plan.one("azure-native:network:FlowLog").props.targetResourceId).to.equal(existing.subnetId);
    });
});
