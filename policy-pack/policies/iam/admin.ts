/**
 * What counts as an admin-equivalent cloud grant, per cloud, as plain data and pure functions: the
 * policy `disallow-admin-equivalent-iam-grants` judges the IAM resources of a stack with it, and the
 * platform's tenancy checks judge a tenant's requested permissions with the same functions (so the
 * config check and the policy never disagree). A grant is admin-equivalent when it lets its holder
 * do anything, or change who may do anything (IAM itself), in a whole account, project, subscription
 * or resource group.
 */

/** Glob match: `*` matches any run of characters (a `*` in `text` is an ordinary character). Case-insensitive. */
export function globMatch(pattern: string, text: string): boolean {
    const p = pattern.toLowerCase();
    const t = text.toLowerCase();
    // Iterative wildcard matching with backtracking to the last star.
    let i = 0;
    let j = 0;
    let star = -1;
    let mark = 0;
    while (j < t.length) {
        if (i < p.length && p[i] !== "*" && p[i] === t[j]) {
            i++;
            j++;
        } else if (i < p.length && p[i] === "*") {
            star = i++;
            mark = j;
        } else if (star >= 0) {
            i = star + 1;
            j = ++mark;
        } else {
            return false;
        }
    }
    while (i < p.length && p[i] === "*") {
        i++;
    }
    return i === p.length;
}

// ── AWS ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * AWS managed policies that grant everything, everything but IAM (which is then one step away), or
 * IAM itself (which can grant everything). Matched on the policy name, in any partition.
 */
export const awsAdminPolicyNames: readonly string[] = [
    "AdministratorAccess",
    "AdministratorAccess-Amplify",
    "AdministratorAccess-AWSElasticBeanstalk",
    "PowerUserAccess",
    "IAMFullAccess",
    "AWSOrganizationsFullAccess",
    "job-function/SystemAdministrator",
    "job-function/NetworkAdministrator",
];

/** Why an IAM policy ARN is admin-equivalent, or undefined. */
export function awsAdminPolicy(arn: string): string | undefined {
    const m = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/(.+)$/i.exec(arn.trim());
    if (!m) {
        return undefined;
    }
    const name = m[2];
    const hit = awsAdminPolicyNames.find((n) => n.toLowerCase() === name.toLowerCase());
    return hit ? `managed policy ${hit} is admin-equivalent` : undefined;
}

/**
 * IAM actions that escalate to administrator: whoever holds one can grant themselves (or a role they
 * can use) any permission. Matched exactly (case-insensitive); wildcards are judged separately.
 */
export const awsEscalationActions: readonly string[] = [
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AddUserToGroup",
];

/** Actions admin-equivalent only on every resource (Resource '*'): using or handing over any role. */
export const awsAnyRoleActions: readonly string[] = ["sts:AssumeRole", "iam:PassRole"];

/** Services whose wildcard (`svc:*`, `svc:Put*`, ...) is admin-equivalent: identity and the organization. */
const awsIdentityServices = ["iam", "sts", "organizations", "sso", "identitystore"];

/** Why one IAM action is admin-equivalent, or undefined. */
export function awsAdminAction(action: string): string | undefined {
    const a = action.trim().toLowerCase();
    if (a === "*" || a === "*:*") {
        return `action '${action}' allows every action`;
    }
    const [service, name = ""] = a.split(":");
    if (service.includes("*")) {
        return `action '${action}' spans services`;
    }
    if (awsIdentityServices.includes(service) && name.includes("*")) {
        return `action '${action}' is a wildcard over ${service}, which can grant any permission`;
    }
    if (awsEscalationActions.some((e) => e.toLowerCase() === a)) {
        return `action '${action}' lets its holder grant itself any permission`;
    }
    return undefined;
}

/** An IAM policy statement as found in a policy document (Action/Resource may be a string or a list). */
export interface AwsStatementLike {
    Effect?: unknown;
    Action?: unknown;
    NotAction?: unknown;
    Resource?: unknown;
    NotResource?: unknown;
}

function strings(value: unknown): string[] {
    return typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Why one statement is admin-equivalent (reasons, empty when it is not). Deny statements never are. */
export function awsAdminStatement(statement: AwsStatementLike): string[] {
    if (String(statement.Effect ?? "Allow") !== "Allow") {
        return [];
    }
    const reasons: string[] = [];
    if (statement.NotAction !== undefined) {
        reasons.push("Allow with NotAction grants every action but the listed ones");
    }
    const resources = strings(statement.Resource);
    for (const action of strings(statement.Action)) {
        const why = awsAdminAction(action);
        if (why) {
            reasons.push(why);
        } else if (awsAnyRoleActions.some((x) => x.toLowerCase() === action.trim().toLowerCase()) && resources.some((r) => r.trim() === "*")) {
            reasons.push(`action '${action}' on every role (Resource '*')`);
        }
    }
    return reasons;
}

/** Why a policy document (JSON text or object) is admin-equivalent (reasons, empty when it is not). */
export function awsAdminDocument(document: unknown): string[] {
    let doc: unknown = document;
    if (typeof document === "string") {
        try {
            doc = JSON.parse(document);
        } catch {
            return [];
        }
    }
    if (doc === null || typeof doc !== "object") {
        return [];
    }
    const statement = (doc as { Statement?: unknown }).Statement;
    const list = Array.isArray(statement) ? statement : statement && typeof statement === "object" ? [statement] : [];
    return list.flatMap((s) => (s && typeof s === "object" ? awsAdminStatement(s as AwsStatementLike) : []));
}

// ── GCP ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * Roles that let a principal impersonate other service accounts or mint their tokens: at project
 * level that is every service account of the project, so admin-equivalent there.
 */
export const gcpImpersonationRoles: readonly string[] = [
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.workloadIdentityUser",
    "roles/iam.serviceAccountKeyAdmin",
];

/**
 * Why a GCP role is admin-equivalent when granted on a whole project, folder or organization, or
 * undefined: the basic roles owner and editor, any administrator role (`*Admin`, `*.admin`), and the
 * roles that impersonate service accounts.
 */
export function gcpAdminRole(role: string): string | undefined {
    const r = role.trim();
    if (/^roles\/(owner|editor)$/i.test(r)) {
        return `${r} is a basic role over every resource`;
    }
    if (gcpImpersonationRoles.some((x) => x.toLowerCase() === r.toLowerCase())) {
        return `${r} impersonates every service account`;
    }
    const last = r.split("/").pop() ?? r;
    const name = last.split(".").pop() ?? last;
    if (/admin$/i.test(name)) {
        return `${r} is an administrator role`;
    }
    return undefined;
}

// ── Azure ────────────────────────────────────────────────────────────────────────────────────────

/** Azure built-in roles that grant everything or the right to grant (name -> role definition GUID). */
export const azureAdminRoles: Readonly<Record<string, string>> = {
    Owner: "8e3af657-a8ff-443b-a99c-f0b9a0ea8e4b",
    Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
};

/**
 * The admin-equivalent role a role reference names, or undefined: a role name, a GUID or a full
 * role definition id (`/subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>`).
 */
export function azureAdminRole(role: string): string | undefined {
    const r = role.trim().toLowerCase();
    for (const [name, guid] of Object.entries(azureAdminRoles)) {
        if (r === name.toLowerCase() || r === guid || r.endsWith(`/roledefinitions/${guid}`)) {
            return name;
        }
    }
    return undefined;
}

/**
 * True for a scope that spans more than one resource's worth of the estate: the root, a management
 * group, a subscription or a resource group.
 */
export function azureBroadScope(scope: string): boolean {
    const s = scope.trim().replace(/\/+$/, "").toLowerCase();
    return (
        s === "" ||
        s.startsWith("/providers/microsoft.management/managementgroups/") ||
        /^\/subscriptions\/[^/]+$/.test(s) ||
        /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(s)
    );
}

/** Why an Azure role assignment is admin-equivalent, or undefined. */
export function azureAdminAssignment(role: string, scope: string): string | undefined {
    const admin = azureAdminRole(role);
    return admin && azureBroadScope(scope) ? `${admin} at ${scope.trim() || "/"} is admin-equivalent` : undefined;
}
