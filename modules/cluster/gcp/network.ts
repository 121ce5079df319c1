/**
 * The GKE network: a custom-mode VPC, one regional subnet (nodes) with secondary ranges for pods and
 * services, Private Google Access, flow logs, and Cloud NAT for egress (nodes have no public IPs).
 * Or an existing network and subnetwork, by name. Plus the firewall rule that lets the private
 * control plane call admission webhooks on the nodes.
 */
import * as pulumi from "@pulumi/pulumi";
import { Firewall, Network, Router, RouterNat, Subnetwork } from "@pulumi/gcp/compute";
import type { ManagedClusterConfig } from "../../config/sections/cluster";

/** The network facts the GKE cluster uses. */
export interface GkeNetwork {
    network: pulumi.Output<string>;
    subnetwork: pulumi.Output<string>;
    podRangeName: string;
    serviceRangeName: string;
    nodeCidr: string;
    podCidr?: string;
    serviceCidr?: string;
    /** Egress for nodes (Cloud NAT); empty for an existing network. */
    egress: pulumi.Resource[];
}

/** Creates the VPC network, subnet and Cloud NAT (mode `create`) or adopts the configured ones (mode `existing`). */
export function createGkeNetwork(name: string, cluster: ManagedClusterConfig<"gcp">, opts: pulumi.CustomResourceOptions): GkeNetwork {
    const net = cluster.network;
    if (net.mode === "existing") {
        return {
            network: pulumi.output(net.network),
            subnetwork: pulumi.output(net.subnetwork),
            podRangeName: net.podRangeName,
            serviceRangeName: net.serviceRangeName,
            nodeCidr: net.cidr,
            egress: [],
        };
    }
    const network = new Network(`${name}-vpc`, { project: cluster.project, autoCreateSubnetworks: false, routingMode: "REGIONAL" }, opts);
    const subnet = new Subnetwork(
        `${name}-nodes`,
        {
            project: cluster.project,
            region: cluster.region,
            network: network.id,
            ipCidrRange: net.cidr,
            privateIpGoogleAccess: true,
            secondaryIpRanges: [
                { rangeName: "pods", ipCidrRange: net.podCidr },
                { rangeName: "services", ipCidrRange: net.serviceCidr },
            ],
            logConfig: { aggregationInterval: "INTERVAL_10_MIN", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
        },
        opts,
    );
    const router = new Router(`${name}-router`, { project: cluster.project, region: cluster.region, network: network.id }, opts);
    const nat = new RouterNat(
        `${name}-nat`,
        {
            project: cluster.project,
            region: cluster.region,
            router: router.name,
            natIpAllocateOption: "AUTO_ONLY",
            sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
            logConfig: { enable: true, filter: "ERRORS_ONLY" },
        },
        opts,
    );
    return {
        network: network.id,
        subnetwork: subnet.id,
        podRangeName: "pods",
        serviceRangeName: "services",
        nodeCidr: net.cidr,
        podCidr: net.podCidr,
        serviceCidr: net.serviceCidr,
        egress: [nat],
    };
}

/**
 * Ports admission webhooks listen on in their pods, opened from the private control plane to nodes
 * (443 and 10250 are open by default): 8443 and 9443 (Gatekeeper, cert-manager's webhook and other
 * controller-runtime webhooks), 15017, and 8080, where the Vault agent injector listens
 * (vault-helm `injector.port`, behind its Service's 443).
 */
export const webhookPorts = ["8080", "8443", "9443", "15017"] as const;

/** Admission webhooks (Gatekeeper, cert-manager, ...) are called from the private control plane's range. */
export function allowWebhooksFromControlPlane(
    name: string,
    cluster: ManagedClusterConfig<"gcp">,
    args: { network: pulumi.Input<string>; nodeServiceAccount: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): Firewall {
    return new Firewall(
        `${name}-webhooks`,
        {
            project: cluster.project,
            network: args.network,
            direction: "INGRESS",
            sourceRanges: [cluster.network.masterCidr],
            targetServiceAccounts: [args.nodeServiceAccount],
            allows: [{ protocol: "tcp", ports: [...webhookPorts] }],
            description: `Admission webhooks from the ${cluster.name} control plane`,
        },
        opts,
    );
}
