/** ST2 in each environment admits the StorageClass the platform creates by default, so the platform's own claims pass. */
import { expect } from "chai";
import { storageSchema } from "../../../modules/config/sections/storage";
import { tiers } from "../../../modules/config/common";
import { requireAllowedStorageClass } from "../../../policy-pack/policies/storage/require-allowed-storage-class";
import { loadPackConfig } from "../../../policy-pack/lib/config";
import { configOf } from "../../../policy-pack/lib/engine";

describe("allowed StorageClasses per environment", () => {
    for (const tier of tiers) {
        it(`${tier} allows the platform's default StorageClass`, () => {
            const defaultClass = storageSchema(tier).parse(undefined).defaultClass.name;
            const { allowedStorageClasses } = configOf(requireAllowedStorageClass, loadPackConfig(tier)) as { allowedStorageClasses: string[] };
            expect(allowedStorageClasses).to.include(defaultClass);
        });
    }
});
