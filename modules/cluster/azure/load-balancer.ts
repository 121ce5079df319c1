/** Load-balancer annotations for the Azure cloud provider. */
export function azureServiceAnnotations(internal: boolean): Record<string, string> {
    return internal ? { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" } : {};
}
