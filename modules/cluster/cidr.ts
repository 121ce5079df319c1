/** IPv4 CIDR arithmetic for carving subnets out of a network range (pure). */

function toNumber(address: string): number {
    return address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function toAddress(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** The `index`-th block of prefix length `newPrefix` inside `cidr` (throws when it does not fit). */
export function subnetOf(cidr: string, newPrefix: number, index: number): string {
    const [address, prefixText] = cidr.split("/");
    const prefix = Number(prefixText);
    if (newPrefix < prefix || newPrefix > 32) {
        throw new Error(`cannot carve a /${newPrefix} out of ${cidr}`);
    }
    const count = 2 ** (newPrefix - prefix);
    if (index < 0 || index >= count) {
        throw new Error(`${cidr} holds ${count} /${newPrefix} blocks; block ${index} does not exist`);
    }
    return `${toAddress(toNumber(address) + index * 2 ** (32 - newPrefix))}/${newPrefix}`;
}

/** The n-th usable host address of a CIDR (n = 10 gives the conventional cluster DNS IP). */
export function hostOf(cidr: string, n: number): string {
    const [address] = cidr.split("/");
    return toAddress(toNumber(address) + n);
}

/** The `kubernetes` Service's address, as a /32: the first host of the Service range. */
export function kubernetesServiceCidr(serviceCidr: string): string {
    return `${hostOf(serviceCidr, 1)}/32`;
}

/** Prefix length of a CIDR. */
export function prefixOf(cidr: string): number {
    return Number(cidr.split("/")[1]);
}
