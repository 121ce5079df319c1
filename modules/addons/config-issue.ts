/**
 * Configuration problems only an add-on can see (they depend on the cluster, e.g. its cloud): the
 * add-on's constructor validates and stops the run the way the config loader does, with every
 * problem as `key.path: message` and no stack trace.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigIssue } from "../config";

/** Throws a clean run error listing `issues`; does nothing when there are none. */
export function failOnIssues(issues: ConfigIssue[]): void {
    if (issues.length > 0) {
        throw new pulumi.RunError(new ConfigError(issues).message);
    }
}
