import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { stringify } from "yaml";
import { CallMock, fake, OutputMock } from "./types";

/** A stable fake UUID from a seed. */
function uuid(seed: string): string {
    let h = 2166136261;
    const out: string[] = [];
    for (let i = 0; i < 32; i++) {
        h = Math.imul(h ^ (seed.charCodeAt(i % Math.max(seed.length, 1)) + i), 16777619) >>> 0;
        out.push((h % 16).toString(16));
    }
    const s = out.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/** The physical name: the resource's own name input, else Pulumi's auto-name. */
function physical(args: MockResourceArgs, nameInput: string): string {
    return String(args.inputs[nameInput] ?? `${args.name}${uuid(args.name).slice(0, 6)}`);
}

const rgPath = (args: MockResourceArgs): string => `/subscriptions/${fake.azureSubscription}/resourceGroups/${String(args.inputs.resourceGroupName ?? "rg")}`;

/** ARM resource: physical name from `nameInput`, id `<rg>/providers/<provider type>/<name>`. */
function armResource(
    providerType: string,
    nameInput: string,
    extra: (args: MockResourceArgs, name: string, id: string) => Record<string, unknown> = () => ({}),
): OutputMock {
    return (args) => {
        const name = physical(args, nameInput);
        const id = `${rgPath(args)}/providers/${providerType}/${name}`;
        return { name, id, ...extra(args, name, id) };
    };
}

/** Plausible outputs of azure resource types (by type token), for the offline plan. */
export const azureOutputs: Record<string, OutputMock> = {
    "azure-native:resources:ResourceGroup": (args) => {
        const name = physical(args, "resourceGroupName");
        return { name, id: `/subscriptions/${fake.azureSubscription}/resourceGroups/${name}`, provisioningState: "Succeeded" };
    },
    "azure-native:managedidentity:UserAssignedIdentity": armResource("Microsoft.ManagedIdentity/userAssignedIdentities", "resourceName", (_a, name) => ({
        clientId: uuid(`${name}-client`),
        principalId: uuid(`${name}-principal`),
        tenantId: fake.azureTenant,
    })),
    "azure-native:managedidentity:FederatedIdentityCredential": (args) => {
        const name = physical(args, "federatedIdentityCredentialResourceName");
        return {
            name,
            id: `${rgPath(args)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${String(args.inputs.resourceName)}/federatedIdentityCredentials/${name}`,
        };
    },
    "azure-native:authorization:RoleAssignment": (args) => {
        const name = String(args.inputs.roleAssignmentName ?? uuid(args.name));
        return {
            name,
            id: `${String(args.inputs.scope)}/providers/Microsoft.Authorization/roleAssignments/${name}`,
            principalType: args.inputs.principalType ?? "ServicePrincipal",
        };
    },
    "azure-native:keyvault:Vault": armResource("Microsoft.KeyVault/vaults", "vaultName", (args, name) => ({
        properties: { ...(args.inputs.properties as object), vaultUri: `https://${name}.vault.azure.net/` },
    })),
    "azure-native:keyvault:Key": (args) => {
        const name = physical(args, "keyName");
        const vault = String(args.inputs.vaultName);
        const uri = `https://${vault}.vault.azure.net/keys/${name}`;
        return {
            name,
            id: `${rgPath(args)}/providers/Microsoft.KeyVault/vaults/${vault}/keys/${name}`,
            keyUri: uri,
            keyUriWithVersion: `${uri}/${uuid(name).replace(/-/g, "")}`,
        };
    },
    "azure-native:compute:DiskEncryptionSet": armResource("Microsoft.Compute/diskEncryptionSets", "diskEncryptionSetName"),
    "azure-native:network:VirtualNetwork": armResource("Microsoft.Network/virtualNetworks", "virtualNetworkName"),
    "azure-native:network:Subnet": (args) => {
        const name = physical(args, "subnetName");
        return { name, id: `${rgPath(args)}/providers/Microsoft.Network/virtualNetworks/${String(args.inputs.virtualNetworkName)}/subnets/${name}` };
    },
    "azure-native:network:NatGateway": armResource("Microsoft.Network/natGateways", "natGatewayName"),
    "azure-native:network:PublicIPAddress": armResource("Microsoft.Network/publicIPAddresses", "publicIpAddressName", () => ({ ipAddress: "20.61.0.10" })),
    "azure-native:network:PrivateEndpoint": armResource("Microsoft.Network/privateEndpoints", "privateEndpointName", (_a, name) => ({
        networkInterfaces: [{ id: `/subscriptions/${fake.azureSubscription}/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/${name}.nic` }],
        provisioningState: "Succeeded",
    })),
    "azure-native:network:PrivateDnsZoneGroup": (args) => {
        const name = physical(args, "privateDnsZoneGroupName");
        return {
            name,
            id: `${rgPath(args)}/providers/Microsoft.Network/privateEndpoints/${String(args.inputs.privateEndpointName)}/privateDnsZoneGroups/${name}`,
        };
    },
    "azure-native:privatedns:PrivateZone": armResource("Microsoft.Network/privateDnsZones", "privateZoneName", () => ({ numberOfRecordSets: 1 })),
    "azure-native:privatedns:VirtualNetworkLink": (args) => {
        const name = physical(args, "virtualNetworkLinkName");
        return {
            name,
            id: `${rgPath(args)}/providers/Microsoft.Network/privateDnsZones/${String(args.inputs.privateZoneName)}/virtualNetworkLinks/${name}`,
            virtualNetworkLinkState: "Completed",
        };
    },
    // Flow logs live under the region's Network Watcher, in its resource group.
    "azure-native:network:FlowLog": (args) => {
        const name = physical(args, "flowLogName");
        return {
            name,
            id: `${rgPath(args)}/providers/Microsoft.Network/networkWatchers/${String(args.inputs.networkWatcherName)}/flowLogs/${name}`,
            provisioningState: "Succeeded",
        };
    },
    "azure-native:monitor:DataCollectionRule": armResource("Microsoft.Insights/dataCollectionRules", "dataCollectionRuleName", (_a, name) => ({
        immutableId: `dcr-${uuid(name).replace(/-/g, "")}`,
    })),
    "azure-native:monitor:DataCollectionRuleAssociation": (args) => {
        const name = physical(args, "associationName");
        return { name, id: `${String(args.inputs.resourceUri)}/providers/Microsoft.Insights/dataCollectionRuleAssociations/${name}` };
    },
    "azure-native:operationalinsights:Workspace": armResource("Microsoft.OperationalInsights/workspaces", "workspaceName", (_a, name) => ({
        customerId: uuid(name),
    })),
    "azure-native:monitor:DiagnosticSetting": (args) => {
        const name = physical(args, "name");
        return { name, id: `${String(args.inputs.resourceUri)}/providers/Microsoft.Insights/diagnosticSettings/${name}` };
    },
    "azure-native:containerservice:ManagedCluster": armResource("Microsoft.ContainerService/managedClusters", "resourceName", (args, name) => {
        const location = String(args.inputs.location ?? "westeurope");
        const host = `${name}-${uuid(name).slice(0, 8)}`;
        return {
            fqdn: `${host}.hcp.${location}.azmk8s.io`,
            privateFQDN: `${host}.${uuid(`${name}-p`)}.privatelink.${location}.azmk8s.io`,
            azurePortalFQDN: `${host}.portal.hcp.${location}.azmk8s.io`,
            currentKubernetesVersion: `${String(args.inputs.kubernetesVersion)}.3`,
            nodeResourceGroup: `MC_${String(args.inputs.resourceGroupName)}_${name}_${location}`,
            oidcIssuerProfile: { enabled: true, issuerURL: `https://${location}.oic.prod-aks.azure.com/${fake.azureTenant}/${uuid(`${name}-issuer`)}/` },
            identityProfile: { kubeletidentity: { clientId: uuid(`${name}-kubelet-c`), objectId: uuid(`${name}-kubelet-o`) } },
            provisioningState: "Succeeded",
        };
    }),
    "azure-native:containerservice:AgentPool": (args) => {
        const name = physical(args, "agentPoolName");
        return { name, id: `${rgPath(args)}/providers/Microsoft.ContainerService/managedClusters/${String(args.inputs.resourceName)}/agentPools/${name}` };
    },
};

/** An exec-format kubeconfig as AKS returns it (base64). */
function aksKubeconfig(args: MockCallArgs): string {
    const name = String(args.inputs.resourceName);
    const server = `https://${name}-${uuid(name).slice(0, 8)}.hcp.westeurope.azmk8s.io:443`;
    const text = stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server, "certificate-authority-data": fake.caData } }],
        contexts: [{ name, context: { cluster: name, user: `clusterUser_${String(args.inputs.resourceGroupName)}_${name}` } }],
        "current-context": name,
        users: [
            {
                name: `clusterUser_${String(args.inputs.resourceGroupName)}_${name}`,
                user: { exec: { command: "kubelogin", args: ["get-token", "--login", "devicecode"] } },
            },
        ],
    });
    return Buffer.from(text).toString("base64");
}

/** Plausible results of azure provider functions (by token), for the offline plan. */
export const azureCalls: Record<string, CallMock> = {
    "azure-native:authorization:getClientConfig": () => ({
        clientId: "00000000-0000-4000-8000-0000000000c1",
        objectId: "00000000-0000-4000-8000-0000000000d1",
        subscriptionId: fake.azureSubscription,
        tenantId: fake.azureTenant,
    }),
    "azure-native:containerservice:listManagedClusterUserCredentials": (args) => ({ kubeconfigs: [{ name: "clusterUser", value: aksKubeconfig(args) }] }),
};
