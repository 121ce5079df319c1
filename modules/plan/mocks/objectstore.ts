import { fake, OutputMock } from "./types";

/** Plausible computed outputs of the object-storage resources (modules/cluster/<cloud>/objectstore.ts). */
export const objectStoreOutputs: Record<string, OutputMock> = {
    "aws:s3/bucket:Bucket": (args) => {
        const bucket = String(args.inputs.bucket ?? `${args.inputs.bucketPrefix ?? args.name}20261123000000000000000001`);
        return { bucket, arn: `arn:aws:s3:::${bucket}`, region: args.inputs.region ?? "eu-west-1" };
    },
    "azure-native:storage:StorageAccount": (args) => {
        const name = String(args.inputs.accountName ?? args.name);
        return {
            name,
            id: `/subscriptions/${fake.azureSubscription}/resourceGroups/${String(args.inputs.resourceGroupName ?? "rg")}/providers/Microsoft.Storage/storageAccounts/${name}`,
            primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/` },
        };
    },
    "azure-native:storage:BlobContainer": (args) => ({ name: String(args.inputs.containerName ?? args.name) }),
    "gcp:storage/bucket:Bucket": (args) => ({
        url: `gs://${String(args.inputs.name)}`,
        selfLink: `https://www.googleapis.com/storage/v1/b/${String(args.inputs.name)}`,
    }),
};
