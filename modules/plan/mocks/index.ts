/**
 * The offline plan's mocks: every resource gets an id and its inputs echoed back, plus the computed
 * outputs a real provider would return (ids, ARNs, endpoints, kubeconfig facts) from the per-provider
 * tables. A provider function without a table entry fails the plan loudly, naming the token, rather
 * than returning something implausible.
 */
import type { MockCallArgs, MockResourceArgs, MockResourceResult, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { awsCalls, awsOutputs } from "./aws";
import { azureCalls, azureOutputs } from "./azure";
import { gcpCalls, gcpOutputs } from "./gcp";
import { kubernetesCalls, kubernetesObject, kubernetesOutputs } from "./kubernetes";
import { objectStoreOutputs } from "./objectstore";
import type { CallMock, OutputMock } from "./types";

const outputs: Record<string, OutputMock> = { ...kubernetesOutputs, ...objectStoreOutputs, ...awsOutputs, ...azureOutputs, ...gcpOutputs };
const calls: Record<string, CallMock> = { ...kubernetesCalls, ...awsCalls, ...azureCalls, ...gcpCalls };

export class PlanMocks implements Mocks {
    newResource(args: MockResourceArgs): MockResourceResult {
        const specific = outputs[args.type];
        const computed = specific ? specific(args) : args.type.startsWith("kubernetes:") && args.custom !== false ? kubernetesObject(args) : {};
        // A table may give the cloud's own id format (an ARM path, a GCP resource name); else a stable fake.
        const id = typeof computed.id === "string" ? computed.id : `${args.name}-id`;
        return { id, state: { ...args.inputs, ...computed } };
    }

    call(args: MockCallArgs): Record<string, unknown> {
        const mock = calls[args.token];
        if (!mock) {
            throw new Error(`the offline plan has no mock result for the provider function '${args.token}': add one to modules/plan/mocks/`);
        }
        return mock(args);
    }
}
