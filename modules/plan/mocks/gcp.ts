import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { CallMock, fake, OutputMock } from "./types";

const project = (args: MockResourceArgs): string => String(args.inputs.project ?? "acme-platform");
const region = (args: MockResourceArgs): string => String(args.inputs.region ?? args.inputs.location ?? "europe-west1");
/** The physical name: the `name` input, else Pulumi's auto-name (logical name + suffix). */
const physical = (args: MockResourceArgs): string => String(args.inputs.name ?? `${args.name}-7f3a9c1`);
const compute = "https://www.googleapis.com/compute/v1";

/** A self-linked compute resource: id `projects/<p>/<scope>/<kind>/<name>` and its self link. */
function computeResource(kind: string, scope: (args: MockResourceArgs) => string): OutputMock {
    return (args) => {
        const name = physical(args);
        const id = `projects/${project(args)}/${scope(args)}/${kind}/${name}`;
        return { name, id, selfLink: `${compute}/${id}` };
    };
}

/** Plausible outputs of gcp resource types (by type token), for the offline plan. */
export const gcpOutputs: Record<string, OutputMock> = {
    "gcp:compute/network:Network": computeResource("networks", () => "global"),
    "gcp:compute/subnetwork:Subnetwork": (args) => ({
        ...computeResource("subnetworks", (a) => `regions/${region(a)}`)(args),
        gatewayAddress: "10.0.0.1",
    }),
    "gcp:compute/router:Router": computeResource("routers", (a) => `regions/${region(a)}`),
    "gcp:compute/routerNat:RouterNat": (args) => ({
        name: physical(args),
        id: `${project(args)}/${region(args)}/${String(args.inputs.router)}/${physical(args)}`,
    }),
    "gcp:compute/firewall:Firewall": computeResource("firewalls", () => "global"),
    "gcp:kms/keyRing:KeyRing": (args) => ({
        name: physical(args),
        id: `projects/${project(args)}/locations/${String(args.inputs.location)}/keyRings/${physical(args)}`,
    }),
    "gcp:kms/cryptoKey:CryptoKey": (args) => ({ name: physical(args), id: `${String(args.inputs.keyRing)}/cryptoKeys/${physical(args)}`, primaries: [] }),
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": (args) => ({
        etag: "BwYk1a2b3c4=",
        id: `${String(args.inputs.cryptoKeyId)}/${String(args.inputs.role)}/${String(args.inputs.member)}`,
    }),
    "gcp:serviceaccount/account:Account": (args) => {
        const email = `${String(args.inputs.accountId)}@${project(args)}.iam.gserviceaccount.com`;
        return {
            email,
            name: `projects/${project(args)}/serviceAccounts/${email}`,
            member: `serviceAccount:${email}`,
            uniqueId: "104729512345678901234",
            id: `projects/${project(args)}/serviceAccounts/${email}`,
        };
    },
    "gcp:serviceaccount/iAMMember:IAMMember": () => ({ etag: "BwYk1a2b3c4=" }),
    "gcp:projects/iAMMember:IAMMember": () => ({ etag: "BwYk1a2b3c4=" }),
    "gcp:projects/service:Service": (args) => ({ id: `${project(args)}/${String(args.inputs.service)}` }),
    "gcp:storage/bucketIAMMember:BucketIAMMember": () => ({ etag: "CAE=" }),
    "gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember": () => ({ etag: "BwYk1a2b3c4=" }),
    "gcp:container/cluster:Cluster": (args) => {
        const priv = (args.inputs.privateClusterConfig ?? {}) as Record<string, unknown>;
        const privateEndpoint = "172.16.0.2";
        const publicEndpoint = "34.76.120.15";
        return {
            name: physical(args),
            id: `projects/${project(args)}/locations/${String(args.inputs.location)}/clusters/${physical(args)}`,
            selfLink: `https://container.googleapis.com/v1/projects/${project(args)}/locations/${String(args.inputs.location)}/clusters/${physical(args)}`,
            endpoint: priv.enablePrivateEndpoint ? privateEndpoint : publicEndpoint,
            masterAuth: { clientCertificateConfig: { issueClientCertificate: false }, clusterCaCertificate: fake.caData, clientCertificate: "", clientKey: "" },
            privateClusterConfig: { ...priv, privateEndpoint, publicEndpoint, peeringName: "" },
            masterVersion: `${String(args.inputs.minMasterVersion)}.5-gke.1163012`,
            labelFingerprint: "a1b2c3d4",
        };
    },
    "gcp:container/nodePool:NodePool": (args) => ({
        name: physical(args),
        id: `projects/${project(args)}/locations/${String(args.inputs.location)}/clusters/${String(args.inputs.cluster)}/nodePools/${physical(args)}`,
        instanceGroupUrls: [],
        version: "1.35.5-gke.1163012",
    }),
};

/** Plausible results of gcp provider functions (by token), for the offline plan. */
export const gcpCalls: Record<string, CallMock> = {
    "gcp:organizations/getProject:getProject": (args) => {
        const projectId = String(args.inputs.projectId ?? "acme-platform");
        return {
            projectId,
            name: projectId,
            number: fake.gcpProjectNumber,
            id: `projects/${projectId}`,
            orgId: "123456789",
            labels: {},
            effectiveLabels: {},
            pulumiLabels: {},
            tags: {},
            autoCreateNetwork: false,
            billingAccount: "",
            deletionPolicy: "PREVENT",
            folderId: "",
        };
    },
};
