/** The offline plan's record of one registered resource, as written to `--json`. */
export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    /** Parent URN (the stack for top-level resources). */
    parent: string;
    /** True for resources a provider manages; false for components. */
    custom: boolean;
    protect: boolean;
    retainOnDelete: boolean;
    /** URNs this resource waits for: explicit dependsOn, data dependencies, and its provider. */
    dependencies: string[];
    /** Provider reference (`urn::id`), when one was set explicitly. */
    provider?: string;
    /** Inputs with secrets redacted and apply-time values marked. */
    inputs: Record<string, unknown>;
    /**
     * URNs this resource had in earlier versions of the program (its `aliases`, resolved the way the
     * engine resolves them, including aliases inherited from its parents): `pulumi up` adopts a
     * resource found under one of them instead of replacing it. Absent when it has none.
     */
    aliasUrns?: string[];
}

/** A recorded resource plus what policies see (not serialized: it may hold secret values). */
export interface RecordedResource extends PlannedResource {
    props: Record<string, unknown>;
}
