/**
 * The regions of each cloud, as of early 2026: the one data file `platform:cluster.region` is checked
 * against. A region missing here is rejected with a pointer to this file: when a cloud opens a new
 * region, add it to its list (with the date) from the linked source.
 */

export interface CloudRegions {
    /** Where the list comes from (the cloud's own, current list). */
    source: string;
    /** When the list was last compared with the source. */
    checked: string;
    /** What a region name looks like, for messages. */
    example: string;
    regions: readonly string[];
}

export const cloudRegions: Record<"aws" | "azure" | "gcp", CloudRegions> = {
    aws: {
        source: "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html",
        checked: "2026-01",
        example: "eu-west-1",
        regions: [
            // Commercial regions (opt-in regions included).
            "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            "af-south-1",
            "ap-east-1", "ap-east-2",
            "ap-south-1", "ap-south-2",
            "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
            "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2",
            "eu-west-1", "eu-west-2", "eu-west-3",
            "eu-south-1", "eu-south-2",
            "eu-north-1",
            "il-central-1",
            "me-south-1", "me-central-1",
            "mx-central-1",
            "sa-east-1",
            // AWS GovCloud (US), China and the European Sovereign Cloud (their own partitions).
            "us-gov-east-1", "us-gov-west-1",
            "cn-north-1", "cn-northwest-1",
            "eusc-de-east-1",
        ],
    },
    azure: {
        source: "https://learn.microsoft.com/en-us/azure/reliability/regions-list (or `az account list-locations --query '[].name'`)",
        checked: "2026-01",
        example: "westeurope",
        regions: [
            // Americas
            "eastus", "eastus2", "centralus", "northcentralus", "southcentralus", "westcentralus", "westus", "westus2", "westus3",
            "canadacentral", "canadaeast",
            "brazilsouth", "brazilsoutheast", "chilecentral", "mexicocentral",
            // Europe
            "northeurope", "westeurope", "uksouth", "ukwest", "francecentral", "francesouth", "germanywestcentral", "germanynorth",
            "switzerlandnorth", "switzerlandwest", "swedencentral", "swedensouth", "norwayeast", "norwaywest", "italynorth",
            "polandcentral", "spaincentral", "belgiumcentral", "austriaeast", "denmarkeast",
            // Asia Pacific
            "australiaeast", "australiasoutheast", "australiacentral", "australiacentral2", "newzealandnorth",
            "southeastasia", "eastasia", "japaneast", "japanwest", "koreacentral", "koreasouth", "indonesiacentral", "malaysiawest",
            "centralindia", "southindia", "westindia", "jioindiacentral", "jioindiawest",
            // Middle East and Africa
            "uaenorth", "uaecentral", "qatarcentral", "israelcentral", "southafricanorth", "southafricawest",
            // Azure Government and Azure operated by 21Vianet (their own clouds)
            "usgovvirginia", "usgovarizona", "usgovtexas",
            "chinaeast2", "chinaeast3", "chinanorth2", "chinanorth3",
        ],
    },
    gcp: {
        source: "https://cloud.google.com/compute/docs/regions-zones (or `gcloud compute regions list`)",
        checked: "2026-01",
        example: "europe-west1",
        regions: [
            "africa-south1",
            "asia-east1", "asia-east2",
            "asia-northeast1", "asia-northeast2", "asia-northeast3",
            "asia-south1", "asia-south2",
            "asia-southeast1", "asia-southeast2", "asia-southeast3",
            "australia-southeast1", "australia-southeast2",
            "europe-central2",
            "europe-north1", "europe-north2",
            "europe-southwest1",
            "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8", "europe-west9", "europe-west10", "europe-west12",
            "me-central1", "me-central2", "me-west1",
            "northamerica-northeast1", "northamerica-northeast2", "northamerica-south1",
            "southamerica-east1", "southamerica-west1",
            "us-central1",
            "us-east1", "us-east4", "us-east5",
            "us-south1",
            "us-west1", "us-west2", "us-west3", "us-west4",
        ],
    },
};
