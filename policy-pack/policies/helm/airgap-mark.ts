/**
 * How a release says it comes from its stack's air-gap chart mirror. CrossGuard policies cannot read
 * stack configuration, and a resource policy sees one resource's inputs only, so the program marks
 * each Helm release it installs from `platform:airgap.chartMirror` with that mirror in the release's
 * `description` (Helm keeps it as the release's description: `helm history` shows it).
 * `require-approved-chart-source` reads the mark from the release's inputs, which are known at
 * `pulumi preview` even before the cluster exists; it approves the source only when it lies under the
 * mirror the mark names (and, where the environment lists `allowedMirrors`, only such a mirror).
 *
 * A stack policy reading a declaration resource was considered and rejected: the engine gives stack
 * policies each resource's outputs, and on the first preview of a stack whose cluster is created in
 * the same run the Kubernetes provider's configuration is unknown, so every release's outputs are
 * empty; and at `pulumi up` stack policies run after the charts are installed.
 */
import { asString, Props } from "../../lib/inputs";

/** The description the program gives a release installed from the stack's chart mirror. */
export function airgapMark(chartMirror: string): string {
    return `from platform:airgap.chartMirror ${chartMirror}`;
}

const markPattern = /^from platform:airgap\.chartMirror (\S+)$/;

/** The chart mirror a release's inputs say it comes from, or undefined. */
export function markedMirror(props: Props): string | undefined {
    const description = asString(props.description);
    return description ? markPattern.exec(description)?.[1] : undefined;
}
