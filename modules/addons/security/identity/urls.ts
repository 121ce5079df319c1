/** The identity layer's public URLs. */

/** The host of an https URL (`https://dex.example.com/x` -> `dex.example.com`): the ingress host of an issuer. */
export function hostOf(url: string): string {
    return new URL(url).host;
}
