/**
 * Decodes the wire form of resource inputs (a protobuf Struct with Pulumi's special markers for
 * secrets, unknowns, resource references and output values) into two plain views:
 * - `redacted`: for reports and JSON files; every secret is "[secret]".
 * - `props`: what a policy sees, as CrossGuard shows it; secrets unwrapped, unknowns undefined.
 */
const sigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const resourceSig = "5cf8f73096256a8f31e491e813e4eb8e";
const outputValueSig = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const assetSig = "c44067f5952c0a294b673a41bacd8c17";
const archiveSig = "0def7320c3a5731c473e5ecbe6d01bc7";
/** The engine's marker for a value not known until apply (previews). */
export const unknownSentinel = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What reports show where a secret stands. */
export const redactedSecret = "[secret]";
/** What reports show where a value is computed by the cloud at apply time. */
export const unknownMarker = "(known after apply)";

export interface Decoded {
    redacted: unknown;
    props: unknown;
}

export function decodeValue(value: unknown): Decoded {
    if (value === unknownSentinel) {
        return { redacted: unknownMarker, props: undefined };
    }
    if (Array.isArray(value)) {
        const parts = value.map(decodeValue);
        return { redacted: parts.map((p) => p.redacted), props: parts.map((p) => p.props) };
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        switch (obj[sigKey]) {
            case secretSig:
                return { redacted: redactedSecret, props: decodeValue(obj.value).props };
            case resourceSig:
                return { redacted: obj.urn, props: obj.urn };
            case outputValueSig: {
                if (!("value" in obj)) {
                    return { redacted: unknownMarker, props: undefined };
                }
                const inner = decodeValue(obj.value);
                return obj.secret ? { redacted: redactedSecret, props: inner.props } : inner;
            }
            case assetSig:
            case archiveSig:
                return { redacted: "(asset)", props: "(asset)" };
            default: {
                const redacted: Record<string, unknown> = {};
                const props: Record<string, unknown> = {};
                for (const [k, v] of Object.entries(obj)) {
                    const d = decodeValue(v);
                    redacted[k] = d.redacted;
                    props[k] = d.props;
                }
                return { redacted, props };
            }
        }
    }
    return { redacted: value, props: value };
}
