/** The EKS VPC's subnet plan (pure): zones, the ranges carved per zone, and the subnets' discovery tags. */
import { prefixOf, subnetOf } from "../../lib/cidr";

/** Subnet ranges per zone, in zone order. */
export interface SubnetLayout {
    private: string[];
    public: string[];
}

/**
 * Carves the VPC range: three private subnets of a quarter each (pods take VPC addresses with the
 * VPC CNI, so they get the room), and three small public subnets in the last quarter for NAT
 * gateways and internet-facing load balancers.
 */
export function subnetLayout(vpcCidr: string, zones: number): SubnetLayout {
    const p = prefixOf(vpcCidr);
    const privateSubnets = Array.from({ length: zones }, (_, i) => subnetOf(vpcCidr, p + 2, i));
    const lastQuarter = subnetOf(vpcCidr, p + 2, 3);
    const publicSubnets = Array.from({ length: zones }, (_, i) => subnetOf(lastQuarter, p + 5, i));
    return { private: privateSubnets, public: publicSubnets };
}

/** Tags the AWS Load Balancer Controller uses to discover subnets. */
export function subnetTags(clusterName: string, tier: "private" | "public"): Record<string, string> {
    return {
        [`kubernetes.io/cluster/${clusterName}`]: "shared",
        [tier === "private" ? "kubernetes.io/role/internal-elb" : "kubernetes.io/role/elb"]: "1",
    };
}

/** The three zones: configured, or the region's a, b and c. */
export function zonesFor(region: string, configured?: string[]): string[] {
    return configured ?? ["a", "b", "c"].map((s) => `${region}${s}`);
}
