/**
 * npm run new-stack -- --cloud aws|azure|gcp|existing --env dev|staging|prod --name NAME
 *                      [--region REGION] [--project GCP_PROJECT] [--dir DIR] [--force]
 *
 * Writes DIR/Pulumi.NAME.yaml (default DIR: stacks/): a commented stack file that plans cleanly as
 * written, then prints what to set next (backend, secrets provider, secrets, admins, DNS, CI
 * identities). Never overwrites a file without --force. Exit 2 on a bad or missing flag, naming it.
 * Logic: modules/delivery/new-stack.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { stacksDir } from "../modules/config";
import { checkOptions, NewStackOptions, nextSteps, renderStackFile } from "../modules/delivery/new-stack";

const usage =
    "usage: npm run new-stack -- --cloud aws|azure|gcp|existing --env dev|staging|prod --name <name> [--region <region>] [--project <gcp project>] [--dir <folder>] [--force]";

function main(): number {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                cloud: { type: "string" },
                env: { type: "string" },
                name: { type: "string" },
                region: { type: "string" },
                project: { type: "string" },
                dir: { type: "string" },
                force: { type: "boolean" },
                help: { type: "boolean" },
            },
            strict: true,
        }));
    } catch (e) {
        console.error(`${(e as Error).message}\n${usage}`);
        return 2;
    }
    if (values.help) {
        console.log(usage);
        return 0;
    }
    const problems = checkOptions(values);
    if (problems.length > 0) {
        for (const p of problems) {
            console.error(`${p.flag}: ${p.message}`);
        }
        console.error(usage);
        return 2;
    }
    const options = values as unknown as NewStackOptions;
    const dir = values.dir ?? stacksDir;
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        console.error(`--dir: ${dir} is not a folder`);
        return 2;
    }
    const file = path.join(dir, `Pulumi.${options.name}.yaml`);
    const shown = path.relative(process.cwd(), file) || file;
    if (fs.existsSync(file) && !values.force) {
        console.error(`${shown} exists: not overwritten (give --force to replace it)`);
        return 2;
    }
    fs.writeFileSync(file, renderStackFile(options));
    console.log(`wrote ${shown}\n\nNext:\n${nextSteps(options, shown)}`);
    return 0;
}

process.exit(main());
