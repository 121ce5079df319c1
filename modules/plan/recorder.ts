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

interface AliasSpec {
    getName(): string;
    getType(): string;
    getParenturn(): string;
    getNoparent(): boolean;
}

interface AliasMessage {
    getUrn(): string;
    getSpec(): AliasSpec | undefined;
}

interface RegisterRequest {
    getAliasesList(): AliasMessage[];
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

/** The URN the mock runtime gives a resource (the immediate parent's type qualifies the type). */
export function mockUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${type}` : type;
    return `urn:pulumi:${[stack, project, qualified, name].join("::")}`;
}

export class RecordingMonitor extends MockMonitor {
    readonly recorded: RecordedResource[] = [];
    /** Alias URNs by URN, so children inherit their parents' aliases as the engine does. */
    private readonly aliasesOf = new Map<string, string[]>();

    /** `onRecord(count)` is called after each registration (the plan's progress line). */
    constructor(
        mocks: Mocks,
        private readonly stack: string,
        private readonly project: string,
        private readonly onRecord?: (count: number) => void,
    ) {
        super(mocks);
    }

    /**
     * Every URN the resource may have had: each alias applied to its own name, type and parent, and
     * each of its parent's old URNs as parent (aliases are inherited by children).
     */
    private aliasUrns(r: RegisterRequest): string[] {
        const type = r.getType();
        const name = r.getName();
        const parent = r.getParent();
        const parents = [parent, ...(this.aliasesOf.get(parent) ?? [])];
        const out = new Set<string>();
        for (const alias of r.getAliasesList()) {
            const spec = alias.getSpec();
            if (alias.getUrn()) {
                out.add(alias.getUrn());
            } else if (spec) {
                const aliasParents = spec.getNoparent() ? [""] : spec.getParenturn() ? [spec.getParenturn()] : parents;
                for (const p of aliasParents) {
                    out.add(mockUrn(this.stack, this.project, p, spec.getType() || type, spec.getName() || name));
                }
            }
        }
        for (const p of parents.slice(1)) {
            out.add(mockUrn(this.stack, this.project, p, type, name));
        }
        return [...out];
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
            const aliasUrns = this.aliasUrns(r).filter((u) => u !== urn);
            if (aliasUrns.length > 0) {
                this.aliasesOf.set(urn, aliasUrns);
            }
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
                ...(aliasUrns.length > 0 ? { aliasUrns } : {}),
            });
            this.onRecord?.(this.recorded.length);
        }
    }
}
