import type { PlatformPolicy } from "../../lib/engine";
import { requireAllowedStorageClass } from "./require-allowed-storage-class";
import { requireEncryptedStorageClass } from "./require-encrypted-storage-class";

/** The storage group of the catalogue (ST1-ST2). */
export const storagePolicies: PlatformPolicy[] = [
    requireEncryptedStorageClass, // ST1
    requireAllowedStorageClass, // ST2
];
