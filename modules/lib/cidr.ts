/**
 * IPv4 CIDR arithmetic, the one place the program parses, validates, compares and carves address
 * ranges. Pure (no Pulumi): config validates with it, the cluster modules carve subnets with it.
 */

const octet = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const ipv4 = new RegExp(`^${octet}(\\.${octet}){3}$`);

/** A parsed IPv4 CIDR: the network address as a 32-bit number and the prefix length. */
export interface Ipv4Cidr {
    address: number;
    prefix: number;
}

function toNumber(address: string): number {
    return address.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}

function toAddress(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** Number of addresses in a block of prefix length `prefix`. */
function blockSize(prefix: number): number {
    return 2 ** (32 - prefix);
}

/** A prefix length written the one way (0-32, no leading zero): `/00` must not slip past a check for `/0`. */
const prefixLength = /^(3[0-2]|[12]?\d)$/;

/** Parses an IPv4 CIDR such as 10.0.0.0/16; undefined for anything else (host bits are not checked here). */
export function parseCidr(value: string): Ipv4Cidr | undefined {
    const [address, prefix, ...rest] = value.split("/");
    if (rest.length > 0 || prefix === undefined || !ipv4.test(address) || !prefixLength.test(prefix)) {
        return undefined;
    }
    return { address: toNumber(address), prefix: Number(prefix) };
}

/** Parses a CIDR the caller has already validated; throws, naming the value, when it is not one. */
function parsed(value: string): Ipv4Cidr {
    const c = parseCidr(value);
    if (!c) {
        throw new Error(`'${value}' is not an IPv4 CIDR`);
    }
    return c;
}

/** True for an IPv4 CIDR such as 10.0.0.0/16 whose address has no bits set past the prefix. */
export function isCidr(value: string): boolean {
    const c = parseCidr(value);
    return c !== undefined && c.address % blockSize(c.prefix) === 0;
}

/** Prefix length of a CIDR. */
export function prefixOf(cidr: string): number {
    return parsed(cidr).prefix;
}

/** First and last address of a CIDR, as numbers. */
function rangeOf(cidr: string): [number, number] {
    const c = parsed(cidr);
    return [c.address, c.address + blockSize(c.prefix) - 1];
}

/** True when two IPv4 CIDRs share any address (invalid CIDRs never overlap: they are reported elsewhere). */
export function cidrsOverlap(a: string, b: string): boolean {
    if (!isCidr(a) || !isCidr(b)) {
        return false;
    }
    const [a0, a1] = rangeOf(a);
    const [b0, b1] = rangeOf(b);
    return a0 <= b1 && b0 <= a1;
}

/** The `index`-th block of prefix length `newPrefix` inside `cidr` (throws when it does not fit). */
export function subnetOf(cidr: string, newPrefix: number, index: number): string {
    const { address, prefix } = parsed(cidr);
    if (newPrefix < prefix || newPrefix > 32) {
        throw new Error(`cannot carve a /${newPrefix} out of ${cidr}`);
    }
    const count = 2 ** (newPrefix - prefix);
    if (index < 0 || index >= count) {
        throw new Error(`${cidr} holds ${count} /${newPrefix} blocks; block ${index} does not exist`);
    }
    return `${toAddress(address + index * blockSize(newPrefix))}/${newPrefix}`;
}

/** The n-th address of a CIDR counted from its network address (n = 1 is the first host). */
export function hostOf(cidr: string, n: number): string {
    return toAddress(parsed(cidr).address + n);
}
