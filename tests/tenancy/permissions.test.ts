/**
 * Tenant cloud permissions are bounded (issue 17): a tenant asking for a permission outside the
 * stack's allow-list, or for anything admin-equivalent, is rejected before anything is created
 * (exit 2), naming the tenant (its file) and the permission; and the same grant injected past that
 * check is a mandatory violation of the pack's I1 policy.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseStackConfig, stackFilePath } from "../../modules/config";
import { planStack } from "../../modules/plan";
import { createPlatform } from "../../modules/platform";
import { platformChecks } from "../../modules/platform/checks";
import { rawConfig, rejectionOf, shippedWith, TestConfig } from "../harness";

const root = path.join(__dirname, "..", "..");

/** A shipped stack's config with tenants (and tenancy settings) added, as a stack file would give them. */
function shipped(stack: string, tenants: TestConfig[], tenancy: TestConfig = {}): TestConfig {
    return shippedWith(stack, { tenants, tenancy });
}

const sa = (permissions: TestConfig) => ({ name: "payments", serviceAccounts: [{ name: "ledger", permissions }] });

describe("tenant cloud permissions are bounded", () => {
    it("accepts a tenant's read-only, data-plane and resource-group grants on every cloud with the default allow-list", () => {
        const aws = sa({
            aws: {
                managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
                statements: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: ["arn:aws:s3:::payments/*"] }],
            },
        });
        expect(parseStackConfig(rawConfig(shipped("aws-dev", [aws])), [platformChecks]).tenants).to.have.length(1);
        const azure = sa({
            azure: {
                roleAssignments: [{ role: "Storage Blob Data Reader", scope: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/payments" }],
            },
        });
        expect(parseStackConfig(rawConfig(shipped("azure-dev", [azure])), [platformChecks]).tenants).to.have.length(1);
        const gcp = sa({ gcp: { roles: [{ role: "roles/storage.objectViewer" }, { role: "roles/storage.objectUser", resource: "payments-ledger" }] } });
        expect(parseStackConfig(rawConfig(shipped("gcp-dev", [gcp])), [platformChecks]).tenants).to.have.length(1);
    });

    it("rejects AdministratorAccess on AWS, naming the tenant, its service account and the policy", () => {
        const issues = rejectionOf(shipped("aws-prod", [sa({ aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } })]));
        expect(issues).to.have.length(1);
        expect(issues[0]).to.match(
            /^tenants\[0\]\.serviceAccounts\[0\]\.permissions\.aws\.managedPolicyArns\[0\]: tenant 'payments' \(service account 'ledger'\): arn:aws:iam::aws:policy\/AdministratorAccess is admin-equivalent/,
        );
    });

    it("rejects an inline Allow of every action and of IAM escalation, and a bare '*' resource", () => {
        const issues = rejectionOf(
            shipped("aws-dev", [sa({ aws: { statements: [{ Effect: "Allow", Action: ["*", "iam:PutRolePolicy", "s3:GetObject"], Resource: ["*"] }] } })]),
        );
        expect(issues.join("\n")).to.match(/statements\[0\]\.Action\[0\]: .*allows every action/);
        expect(issues.join("\n")).to.match(/statements\[0\]\.Action\[1\]: .*grant itself any permission/);
        expect(issues.join("\n")).to.match(/statements\[0\]\.Resource\[0\]: .*resource '\*' is not allowed by tenancy\.permissions\.aws\.resources/);
        expect(issues.join("\n")).not.to.match(/Action\[2\]/);
    });

    it("rejects a managed policy or an action outside the allow-list, and accepts it once the stack allow-lists it", () => {
        const tenant = sa({
            aws: {
                managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"],
                statements: [{ Effect: "Allow", Action: ["ses:SendEmail"], Resource: ["arn:aws:ses:eu-west-1:111122223333:identity/acme.example.com"] }],
            },
        });
        const issues = rejectionOf(shipped("aws-dev", [tenant]));
        expect(issues.map((i) => i.split(":")[0])).to.deep.equal([
            "tenants[0].serviceAccounts[0].permissions.aws.managedPolicyArns[0]",
            "tenants[0].serviceAccounts[0].permissions.aws.statements[0].Action[0]",
        ]);
        const widened = { permissions: { aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"], actions: ["ses:SendEmail"] } } };
        expect(parseStackConfig(rawConfig(shipped("aws-dev", [tenant], widened)), [platformChecks]).tenants).to.have.length(1);
    });

    it("rejects GCP roles/owner and an administrator role at project level, but not a non-admin role", () => {
        const issues = rejectionOf(
            shipped("gcp-prod", [
                sa({ gcp: { roles: [{ role: "roles/owner" }, { role: "roles/iam.serviceAccountAdmin" }, { role: "roles/storage.objectViewer" }] } }),
            ]),
        );
        expect(issues).to.have.length(2);
        expect(issues[0]).to.match(/gcp\.roles\[0\]\.role: tenant 'payments' .*roles\/owner at project level is admin-equivalent/);
        expect(issues[1]).to.match(/gcp\.roles\[1\]\.role: .*roles\/iam\.serviceAccountAdmin at project level is admin-equivalent/);
    });

    it("rejects Azure Owner at subscription scope (by name or GUID), and a subscription scope for any role", () => {
        const sub = "/subscriptions/11111111-2222-3333-4444-555555555555";
        const issues = rejectionOf(
            shipped("azure-prod", [
                sa({
                    azure: {
                        roleAssignments: [
                            { role: "Owner", scope: sub },
                            { role: "8e3af657-a8ff-443b-a99c-f0b9a0ea8e4b", scope: `${sub}/resourceGroups/payments` },
                            { role: "Storage Blob Data Reader", scope: sub },
                        ],
                    },
                }),
            ]),
        );
        const text = issues.join("\n");
        expect(text).to.match(/roleAssignments\[0\]\.role: tenant 'payments' \(service account 'ledger'\): Owner is admin-equivalent/);
        expect(text).to.match(/roleAssignments\[0\]\.scope: .*scope '\/subscriptions\/[^']+' is not allowed/);
        expect(text).to.match(/roleAssignments\[1\]\.role: .*Owner is admin-equivalent/);
        expect(text).to.match(/roleAssignments\[2\]\.scope: .*not allowed by tenancy\.permissions\.azure\.scopes/);
        expect(text).not.to.match(/roleAssignments\[2\]\.role/);
    });

    it("refuses an allow-list that names an admin-equivalent grant outright", () => {
        const issues = rejectionOf(
            shipped("aws-dev", [], {
                permissions: {
                    aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
                    gcp: { roles: ["roles/editor"] },
                    azure: { roles: ["User Access Administrator"] },
                },
            }),
        );
        expect(issues.map((i) => i.split(":")[0])).to.have.members([
            "tenancy.permissions.aws.managedPolicyArns[0]",
            "tenancy.permissions.gcp.roles[0]",
            "tenancy.permissions.azure.roles[0]",
        ]);
    });

    it("a tenant file asking for admin rights fails the plan with exit 2, naming the file and the permission, with no stack trace", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenant-admin-"));
        const tenants = path.join(dir, "tenants");
        fs.mkdirSync(tenants);
        fs.writeFileSync(
            path.join(tenants, "payments.yaml"),
            [
                "name: payments",
                "serviceAccounts:",
                "  - name: ledger",
                "    permissions:",
                "      aws:",
                "        managedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]",
                "",
            ].join("\n"),
        );
        const stack = fs.readFileSync(stackFilePath("aws-prod"), "utf8") + `  platform:tenancy:\n    directory: ${tenants}\n`;
        const file = path.join(dir, "Pulumi.aws-prod-admin.yaml");
        fs.writeFileSync(file, stack);
        const r = spawnSync(process.execPath, [path.join(root, "tools", "run.js"), path.join(root, "tools", "plan.ts"), "--config-file", file], {
            cwd: root,
            encoding: "utf8",
            timeout: 120_000,
        });
        expect(r.status, r.stdout + r.stderr).to.equal(2);
        const out = r.stdout + r.stderr;
        expect(out).to.contain("tenancy.directory[payments.yaml].serviceAccounts[0].permissions.aws.managedPolicyArns[0]");
        expect(out).to.contain("tenant 'payments'");
        expect(out).to.contain("AdministratorAccess");
        expect(out).not.to.match(/\n\s+at .+\(.+:\d+:\d+\)/);
    });

    it("the same grant injected past the config check is a mandatory violation of disallow-admin-equivalent-iam-grants in the plan, on every cloud", async () => {
        const requests: Record<string, TestConfig> = {
            "aws-prod": {
                aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"], statements: [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }] },
            },
            "gcp-prod": { gcp: { roles: [{ role: "roles/owner" }] } },
            "azure-prod": {
                azure: { roleAssignments: [{ role: "8e3af657-a8ff-443b-a99c-f0b9a0ea8e4b", scope: "/subscriptions/11111111-2222-3333-4444-555555555555" }] },
            },
        };
        for (const [stack, permissions] of Object.entries(requests)) {
            // The stack passes the config check with a clean tenant; the program then runs with the
            // admin grant injected past that check, through the cluster's real identity binder.
            const raw = rawConfig(shipped(stack, [{ name: "payments", serviceAccounts: [{ name: "ledger" }] }]));
            const clean = parseStackConfig(raw, [platformChecks]);
            // Copy only the path to the grant: the rest (secrets included) is the checked config itself.
            const [tenant] = clean.tenants;
            const [account] = tenant.serviceAccounts;
            const injected = { ...clean, tenants: [{ ...tenant, serviceAccounts: [{ ...account, permissions: { ...account.permissions, ...permissions } }] }] };
            const plan = await planStack(raw, async () => (await createPlatform(injected)).outputs as Record<string, unknown>);
            const hits = plan.report.policy.violations.filter((v) => v.policy === "disallow-admin-equivalent-iam-grants");
            expect(hits.length, stack).to.be.greaterThan(0);
            expect(
                hits.every((v) => v.level === "mandatory"),
                stack,
            ).to.equal(true);
            expect(hits.map((v) => v.message).join("\n"), stack).to.match(/AdministratorAccess|roles\/owner|Owner at \/subscriptions/);
            // ... and nothing else of the stack trips it: only the injected tenant grant.
            expect(
                hits.every((v) => /payments-ledger|payments/.test(v.urn)),
                hits.map((v) => v.urn).join("\n"),
            ).to.equal(true);
        }
    });
});
