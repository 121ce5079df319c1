/**
 * Object storage on Azure for the ClusterHandle's `objectStore`: a StorageV2 account not open to the
 * internet (public network access disabled, reached through a private endpoint in the node subnet),
 * with no public blob access and no shared-key (account key) access, TLS 1.2+, HTTPS only,
 * encrypted with the cluster's object-storage key (customer-managed), blob versioning and soft
 * delete, and one private container. Clients reach it through Azure Workload Identity (Entra ID
 * tokens), never an account key.
 */
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { BlobContainer, BlobServiceProperties, StorageAccount } from "@pulumi/azure-native/storage";
import type { ObjectStore, ObjectStoreFactory, ObjectStoreRequest } from "../contract";
import { blobPrivateEndpoint, privateStorageAccountArgs, StorageEncryption, StoragePrivateAccess } from "./storage-accounts";

/** The cluster's facts the Blob factory needs. */
export interface AzureObjectStoreArgs {
    /** The cluster's name: seeds the storage account name. */
    clusterName: string;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    /** Zone-redundant storage (prod). Default: false (locally redundant). */
    zoneRedundant?: boolean;
    tags?: Record<string, string>;
    /** The cluster's object-storage key and the identity that wraps with it. */
    encryption: StorageEncryption;
    /** How in-cluster clients reach the account (private endpoint). */
    privateAccess: StoragePrivateAccess;
}

/**
 * A storage account name: 3–24 lowercase letters and digits, globally unique. Deterministic (the
 * same stack gets the same name), from the cluster name, purpose and a short hash of both.
 */
export function storageAccountName(clusterName: string, purpose: string, stack: string): string {
    const hash = createHash("sha256").update(`${stack}/${clusterName}/${purpose}`).digest("hex").slice(0, 6);
    const base = `${clusterName}${purpose}`
        .toLowerCase()
        .replace(/[^a-z0-9]/g, "")
        .slice(0, 18);
    return `${base}${hash}`;
}

/** The Thanos objstore configuration for a Blob container, authenticated by DefaultAzureCredential (Workload Identity). */
export function azureObjstoreConfig(storageAccount: string, container: string): Record<string, unknown> {
    return { type: "AZURE", config: { storage_account: storageAccount, container } };
}

/** ClusterHandle.objectStore on AKS: one storage account and private container per request. */
export class AzureObjectStoreFactory implements ObjectStoreFactory {
    constructor(
        private readonly args: AzureObjectStoreArgs,
        private readonly baseOpts: pulumi.ComponentResourceOptions = {},
    ) {}

    create(request: ObjectStoreRequest, opts?: pulumi.ComponentResourceOptions): ObjectStore {
        return new AzureObjectStore(request.name, this.args, request, { ...this.baseOpts, ...opts }).store;
    }
}

class AzureObjectStore extends pulumi.ComponentResource {
    readonly store: ObjectStore;

    constructor(name: string, args: AzureObjectStoreArgs, request: ObjectStoreRequest, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:AzureObjectStore", name, {}, opts);
        const child = { parent: this };
        const at = { resourceGroupName: args.resourceGroupName, location: args.location };
        const account = new StorageAccount(
            `${name}-account`,
            privateStorageAccountArgs(
                {
                    ...at,
                    accountName: storageAccountName(args.clusterName, request.name, pulumi.getStack()),
                    zoneRedundant: args.zoneRedundant ?? false,
                    tags: args.tags,
                },
                args.encryption,
                "privateEndpoint",
            ),
            { ...child, protect: request.protect, dependsOn: args.encryption.ready },
        );
        const endpoint = blobPrivateEndpoint(name, account, at, args.privateAccess, child);
        const service = new BlobServiceProperties(
            `${name}-blob-service`,
            {
                accountName: account.name,
                resourceGroupName: args.resourceGroupName,
                blobServicesName: "default",
                isVersioningEnabled: true,
                deleteRetentionPolicy: { enabled: true, days: 7 },
                containerDeleteRetentionPolicy: { enabled: true, days: 7 },
            },
            child,
        );
        const container = new BlobContainer(
            `${name}-container`,
            { accountName: account.name, resourceGroupName: args.resourceGroupName, containerName: request.name, publicAccess: "None" },
            { ...child, protect: request.protect },
        );
        this.store = {
            kind: "azure",
            bucket: container.name,
            objstoreConfig: pulumi.all([account.name, container.name]).apply(([a, c]) => azureObjstoreConfig(a, c)),
            readWrite: { azure: { roleAssignments: [{ role: "Storage Blob Data Contributor", scope: container.id }] } },
            readOnly: { azure: { roleAssignments: [{ role: "Storage Blob Data Reader", scope: container.id }] } },
            resources: [account, service, container, ...endpoint],
        };
        this.registerOutputs({ bucket: container.name });
    }
}
