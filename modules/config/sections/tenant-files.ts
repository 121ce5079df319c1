/**
 * Tenants declared one YAML file per tenant, in the folder `platform:tenancy.directory` names (a pull
 * request per new tenant). The files join the stack file's `platform:tenants` before validation, so
 * one schema and one set of cross-entry checks judge them all; problems in a file are reported at
 * `tenancy.directory[<file>].<key path>` rather than at an index the user never wrote.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import type { ConfigIssue } from "../errors";

/** The project root (where Pulumi.yaml lives): relative tenant folders are resolved from here. */
export const projectRoot = path.join(__dirname, "..", "..", "..");

/** What including the tenant files did: problems found reading them, and how to relabel issue paths. */
export interface TenantFileInclusion {
    issues: ConfigIssue[];
    /** Rewrites `tenants[7]...` to `tenancy.directory[payments.yaml]...` for entries that came from a file, in paths and messages. */
    relabel(text: string): string;
}

const noFiles: TenantFileInclusion = { issues: [], relabel: (t) => t };

/**
 * Reads the tenant files named by `sections.tenancy.directory` and appends them to `sections.tenants`
 * (raw, unvalidated: the schema judges them next). Leaves `sections` alone when there is no folder.
 */
export function includeTenantFiles(sections: Record<string, unknown>, root = projectRoot): TenantFileInclusion {
    const tenancy = sections.tenancy;
    const directory = tenancy !== null && typeof tenancy === "object" ? (tenancy as Record<string, unknown>).directory : undefined;
    if (typeof directory !== "string" || directory === "") {
        return noFiles;
    }
    const folder = path.resolve(root, directory);
    let files: string[];
    try {
        files = fs
            .readdirSync(folder)
            .filter((f) => /\.ya?ml$/.test(f))
            .sort();
    } catch (e) {
        return {
            issues: [{ path: "tenancy.directory", message: `cannot read the tenant folder ${folder}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }],
            relabel: (t) => t,
        };
    }
    const inline = sections.tenants === undefined ? [] : sections.tenants;
    if (!Array.isArray(inline)) {
        return noFiles; // the schema reports `tenants: expected array`
    }
    const issues: ConfigIssue[] = [];
    const labels = new Map<number, string>();
    const merged: unknown[] = [...inline];
    for (const file of files) {
        const where = `tenancy.directory[${file}]`;
        const doc = parseDocument(fs.readFileSync(path.join(folder, file), "utf8"), { uniqueKeys: true });
        if (doc.errors.length > 0) {
            issues.push(...doc.errors.map((e) => ({ path: where, message: `${e.message.split("\n")[0]}${e.linePos ? ` at line ${e.linePos[0].line}` : ""}` })));
            continue;
        }
        const body = doc.toJS() as unknown;
        if (body === null || typeof body !== "object" || Array.isArray(body)) {
            issues.push({ path: where, message: "a tenant file is a YAML mapping with the tenant's keys (name, team, size, namespaces, groups, ...)" });
            continue;
        }
        const tenant = { ...(body as Record<string, unknown>) };
        const stem = file.replace(/\.ya?ml$/, "");
        if (tenant.name === undefined) {
            tenant.name = stem;
        } else if (tenant.name !== stem) {
            issues.push({
                path: `${where}.name`,
                message: `'${String(tenant.name)}' differs from the file name; name the file ${String(tenant.name)}.yaml (one file per tenant, named after it)`,
            });
            continue;
        }
        if (JSON.stringify(tenant).includes('"secure":')) {
            issues.push({
                path: where,
                message:
                    "tenant files are plain text and cannot hold secrets; put credentials in platform:tenancy.registryCredentials (pulumi config set --secret) and reference them by name",
            });
            continue;
        }
        labels.set(merged.length, where);
        merged.push(tenant);
    }
    sections.tenants = merged;
    return {
        issues,
        relabel: (text) => text.replace(/tenants\[(\d+)\]/g, (whole, index: string) => labels.get(Number(index)) ?? whole),
    };
}
