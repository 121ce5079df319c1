/** Which cloud SDK packages this process has loaded: proof that only the selected cloud's code runs. */
const cloudSdks = ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"] as const;

export function loadedCloudSdks(): string[] {
    const loaded = new Set<string>();
    for (const file of Object.keys(require.cache)) {
        const normalized = file.replace(/\\/g, "/");
        for (const sdk of cloudSdks) {
            if (normalized.includes(`/node_modules/${sdk}/`)) {
                loaded.add(sdk);
            }
        }
    }
    return [...loaded].sort();
}
