/**
 * Azure built-in role definitions by name, so bindings can say `DNS Zone Contributor` and the
 * binder assigns the right id. Ids are Azure's fixed, global built-in role GUIDs.
 */

/** Built-in roles the platform and its add-ons use (name -> role definition GUID). */
export const builtInRoles: Record<string, string> = {
    Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
    "DNS Zone Contributor": "befefa01-2a29-4197-83a8-272ff33ce314",
    "Private DNS Zone Contributor": "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
    "Key Vault Contributor": "f25e0fa2-a7c8-4377-a976-54943a77a395",
    "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
    "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
    "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
    "Monitoring Reader": "43d0d8ad-25c7-4714-9337-8ba259a9fe05",
    "Log Analytics Contributor": "92aaf0da-9dab-42b6-94a3-d43ce8d16293",
    AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
    "Azure Kubernetes Service RBAC Cluster Admin": "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    "Azure Kubernetes Service Cluster User Role": "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
};

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The full role definition id for a built-in role name or a role GUID, in a subscription.
 * Throws, naming the known roles, for an unknown name.
 */
export function roleDefinitionId(subscriptionId: string, role: string): string {
    const id = guid.test(role) ? role : builtInRoles[role];
    if (!id) {
        throw new Error(`unknown Azure role '${role}': use a role definition GUID or one of ${Object.keys(builtInRoles).join(", ")}`);
    }
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
}

/** Fails early (at bind time, not at apply time) when a role name is unknown. */
export function checkRole(role: string): void {
    roleDefinitionId("00000000-0000-0000-0000-000000000000", role);
}
