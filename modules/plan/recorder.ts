/**
 * A mock resource monitor that records every registration with what the plain `setMocks` callback
 * does not see: parent, protect, explicit and per-property dependencies, provider.
 */
import { MockMonitor, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { decodeValue } from "./decode";
import { RecordedResource } from "./model";

interface PropertyDependencies {
    getUrnsList(): string[];
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (value: PropertyDependencies, key: string) => void): void };
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

export class RecordingMonitor extends MockMonitor {
    readonly recorded: RecordedResource[] = [];

    /** `onRecord(count)` is called after each registration (the plan's progress line). */
    constructor(
        mocks: Mocks,
        private readonly onRecord?: (count: number) => void,
    ) {
        super(mocks);
    }

    override async registerResource(req: unknown, callback: (err: unknown, response: unknown) => void): Promise<void> {
        const r = req as RegisterRequest;
        const dependencies = new Set<string>(r.getDependenciesList());
        r.getPropertydependenciesMap().forEach((deps) => deps.getUrnsList().forEach((u) => dependencies.add(u)));
        const provider = r.getProvider() || undefined;
        if (provider) {
            dependencies.add(provider.split("::").slice(0, -1).join("::"));
        }
        const decoded = decodeValue(r.getObject()?.toJavaScript() ?? {});
        const type = r.getType();
        const name = r.getName();
        const parent = r.getParent();
        let callbackErr: unknown;
        let urn = "";
        await super.registerResource(req, (err, response) => {
            callbackErr = err;
            urn = (response as { getUrn(): string } | undefined)?.getUrn() ?? "";
            callback(err, response);
        });
        if (!callbackErr) {
            dependencies.delete("");
            this.recorded.push({
                urn,
                type,
                name,
                parent,
                custom: r.getCustom(),
                protect: r.getProtect(),
                retainOnDelete: r.getRetainondelete(),
                dependencies: [...dependencies].sort(),
                provider,
                inputs: decoded.redacted as Record<string, unknown>,
                props: decoded.props as Record<string, unknown>,
            });
            this.onRecord?.(this.recorded.length);
        }
    }
}
