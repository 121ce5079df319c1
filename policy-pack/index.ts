/**
 * The policy pack's entry point: it only constructs the PolicyPack (which starts the analyzer
 * server). Run as `pulumi preview --policy-pack policy-pack --policy-pack-config policy-pack/config/<env>.json`.
 * Tests and the offline plan import policies/ directly, never this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("platform", { policies: [...policies], enforcementLevel: "advisory" });
