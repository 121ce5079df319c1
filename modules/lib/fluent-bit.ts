/** Fluent Bit's classic configuration syntax, shared by the platform's log pipeline and the clouds' log back ends. Pure. */

/** One `[NAME]` section; undefined values are left out, booleans become On/Off. */
export function fluentBitSection(name: string, props: [string, string | number | boolean | undefined][]): string {
    const lines = props.filter(([, v]) => v !== undefined).map(([k, v]) => `    ${k} ${typeof v === "boolean" ? (v ? "On" : "Off") : v}`);
    return `[${name}]\n${lines.join("\n")}\n`;
}

/** Fluent Bit unit size from a Kubernetes quantity (4Gi -> 4G, 512Mi -> 512M). */
export function fluentBitSize(quantity: string): string {
    return quantity.replace(/i$/, "");
}
