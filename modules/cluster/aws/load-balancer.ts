/**
 * Load-balancer annotations for EKS's built-in cloud controller: a Network Load Balancer, internal
 * or internet-facing, in the subnets tagged for it. (The `external` type would need the AWS Load
 * Balancer Controller, which the platform does not install: the Service would never get an address.)
 */
export function awsServiceAnnotations(internal: boolean): Record<string, string> {
    return {
        "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
        ...(internal ? { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" } : {}),
    };
}
