/**
 * Renders the config reference (docs/config.md) from the schema itself, so it cannot drift: every
 * key path, its type, whether it is required, its default in each tier, and its description.
 */
import { z } from "zod";
import { Tier, tiers } from "./common";
import { projectName, stackSchema } from "./schema";

interface JsonSchema {
    type?: string | string[];
    description?: string;
    default?: unknown;
    properties?: Record<string, JsonSchema>;
    required?: string[];
    items?: JsonSchema;
    additionalProperties?: boolean | JsonSchema;
    oneOf?: JsonSchema[];
    anyOf?: JsonSchema[];
    enum?: unknown[];
    const?: unknown;
    secret?: boolean;
}

interface Row {
    path: string;
    type: string;
    required: boolean;
    description: string;
    defaults: Partial<Record<Tier, unknown>>;
}

function variantsOf(s: JsonSchema): JsonSchema[] | undefined {
    return s.oneOf ?? s.anyOf;
}

/** `type: oidc` for a variant selected by a literal field. */
function selectorOf(v: JsonSchema): string | undefined {
    const discriminator = Object.entries(v.properties ?? {}).find(([, p]) => p.const !== undefined);
    return discriminator ? `${discriminator[0]}: ${String(discriminator[1].const)}` : undefined;
}

function typeOf(s: JsonSchema): string {
    if (s.secret) {
        return "secret string";
    }
    if (s.const !== undefined) {
        return JSON.stringify(s.const);
    }
    if (s.enum) {
        return s.enum.map((e) => JSON.stringify(e)).join(" \\| ");
    }
    const variants = variantsOf(s);
    if (variants) {
        const selectors = variants.map(selectorOf);
        return selectors.every((x) => x !== undefined) ? `object (${selectors.join(" \\| ")})` : variants.map(typeOf).join(" \\| ");
    }
    if (s.type === "array") {
        return `list of ${s.items ? typeOf(s.items) : "any"}`;
    }
    if (s.type === "object" && !s.properties) {
        const values = typeof s.additionalProperties === "object" ? s.additionalProperties : undefined;
        return values ? `map of name to ${typeOf(values)}` : "map";
    }
    return Array.isArray(s.type) ? s.type.join(" \\| ") : (s.type ?? "any");
}

function walk(s: JsonSchema, path: string, required: boolean, tier: Tier, rows: Map<string, Row>): void {
    const variants = variantsOf(s);
    if (variants && variants.every((v) => v.properties)) {
        for (const v of variants) {
            const selector = selectorOf(v);
            const label = selector ? `${path} (${selector})` : path;
            walk({ ...v, description: v.description ?? s.description }, label, required, tier, rows);
        }
        return;
    }
    const row = rows.get(path) ?? { path, type: typeOf(s), required, description: s.description ?? "", defaults: {} };
    if (s.default !== undefined && !(typeof s.default === "object" && s.default !== null && !Array.isArray(s.default) && Object.keys(s.default).length === 0)) {
        row.defaults[tier] = s.default;
    }
    rows.set(path, row);
    descend(s, path, tier, rows);
}

/**
 * The keys inside a value: an object's properties, and the full shape of list items
 * (`connectors[] (type: oidc).issuer`) and map values (`registryCredentials.<name>.server`).
 */
function descend(s: JsonSchema, path: string, tier: Tier, rows: Map<string, Row>): void {
    if (s.type === "array" && s.items) {
        descendInto(s.items, `${path}[]`, tier, rows);
        return;
    }
    if (s.type === "object" && !s.properties && typeof s.additionalProperties === "object") {
        descendInto(s.additionalProperties, `${path}.<name>`, tier, rows);
        return;
    }
    for (const [key, child] of Object.entries(s.properties ?? {})) {
        walk(child, `${path}.${key}`, (s.required ?? []).includes(key), tier, rows);
    }
}

function descendInto(item: JsonSchema, path: string, tier: Tier, rows: Map<string, Row>): void {
    const variants = variantsOf(item);
    if (variants && variants.every((v) => v.properties)) {
        // Each variant of a list item or map value gets its own row, then its keys.
        walk(item, path, true, tier, rows);
        return;
    }
    descend(item, path, tier, rows);
}

function show(v: unknown): string {
    return v === undefined ? "" : `\`${JSON.stringify(v)}\``;
}

/** How to read the table, the shapes of lists and maps, and secrets offline (hand-written, kept here). */
const guide = [
    "## Reading this reference",
    "",
    "- `a.b.c` is a key path: in the stack file, `platform:a` holds a mapping with `b`, which holds `c`;",
    "  on the command line it is `pulumi config set --path 'a.b.c' <value>` (Pulumi adds `platform:`).",
    "- `x[]` is an item of the list `x`; `x.<name>` is the value of a map entry whose key you choose.",
    "- `x (type: oidc)` is one variant of a value chosen by a field (`type`, `provider`, `cloud`, `mode`):",
    "  only the keys of the chosen variant may be set, and a key of another variant is an error naming it.",
    '- Write versions as quoted strings (`kubernetesVersion: "1.35"`): YAML reads an unquoted `1.30` as',
    "  the number 1.3.",
    "",
    "## Shapes of lists and maps",
    "",
    "Identity connectors (`identity.connectors`, a list; each item's `type` selects its keys), with",
    "their secrets set encrypted:",
    "",
    "```yaml",
    "platform:identity:",
    "  provider: dex",
    "  issuer: https://dex.example.com",
    "  connectors:",
    "    - type: oidc",
    "      id: entra",
    "      name: Entra ID",
    "      issuer: https://login.microsoftonline.com/<tenant>/v2.0",
    "      clientId: 00000000-0000-0000-0000-000000000000",
    "      clientSecret:",
    "        secure: AAABAK...   # pulumi config set --secret --path 'identity.connectors[0].clientSecret' <value>",
    "    - type: github",
    "      id: github",
    "      name: GitHub",
    "      clientId: Iv1.0123456789abcdef",
    "      clientSecret:",
    "        secure: AAABAL...",
    "      orgs:",
    "        - name: acme",
    "          teams: [platform]",
    "```",
    "",
    "Registry credentials (`tenancy.registryCredentials`, a map from a name you choose to a credential;",
    "tenants list the names in `imagePullSecrets`):",
    "",
    "```yaml",
    "platform:tenancy:",
    "  registryCredentials:",
    "    ghcr:",
    "      server: ghcr.io",
    "      username: acme-bot",
    "      password:",
    "        secure: AAABAM...   # pulumi config set --secret --path 'tenancy.registryCredentials.ghcr.password' <token>",
    "platform:tenants:",
    "  - name: payments",
    "    imagePullSecrets: [ghcr]",
    "```",
    "",
    "Alertmanager receivers (`observability.metrics.alertmanager.receivers`, a list; `type` selects the",
    "keys; routes name receivers by `name`):",
    "",
    "```yaml",
    "platform:observability:",
    "  metrics:",
    "    alertmanager:",
    "      receivers:",
    '        - { type: slack, name: team-slack, channel: "#alerts", webhookUrl: { secure: AAABAN... } }',
    "        - { type: pagerduty, name: on-call, routingKey: { secure: AAABAO... } }",
    "        - { type: webhook, name: chatops, url: { secure: AAABAP... } }",
    "      defaultReceiver: team-slack",
    "      criticalReceiver: on-call",
    "```",
    "",
    "## Air gap (`platform:airgap`)",
    "",
    "Two settings take a stack off the internet: `airgap.chartMirror` (where every chart is installed",
    "from) and `airgap.imageRegistry` (where every image is pulled from). The flow:",
    "",
    "1. **List what to mirror.** `npm run bom -- --stack <name> --image-registry <registry> --chart-mirror",
    "   <mirror>` plans the stack and lists every chart (with the subcharts it bundles) and every image its",
    "   releases deploy (containers, init containers, sidecars, hook jobs, the pods operators start), before",
    "   and after the mirror mapping, with a mirror script: `helm pull` and `helm push` (oci:// mirror) or",
    "   `helm repo index` (https:// mirror) for the charts, `crane copy` for the images (every platform,",
    "   digests kept). Run the script where both the internet and the mirrors are reachable.",
    "2. **Set both keys** in the stack file and plan it: `npm run plan -- --stack <name>` must exit 0.",
    "   Each release installed from the chart mirror names it in its description (`from",
    "   platform:airgap.chartMirror <mirror>`, kept by Helm); the policy pack's",
    "   `require-approved-chart-source` approves a chart under the mirror its release names, under `pulumi",
    "   preview --policy-pack` as in the offline plan, with no change to `policy-pack/config/<env>.json`",
    "   (an environment may restrict the mirrors it follows with `allowedMirrors`). Images an environment",
    "   exempts from a rule (prod's `require-approved-registries`: the Vault snapshot CronJob's",
    "   `hashicorp/vault:*` and `rclone/rclone:*`) stay exempt under the registry: the offline plan and the",
    "   admission rules add `<imageRegistry>/hashicorp/vault:*` and the like; for `pulumi preview",
    "   --policy-pack-config`, add those entries to the environment's file.",
    "3. **Nothing downloads at start-up.** Falco's falcoctl and Grafana's plugin preinstall are switched off",
    "   in air-gap mode; Grafana plugins and dashboards fetched by URL are refused by the config check;",
    "   `npm run bom` lists any start-up download the stack's settings leave on (exit 1).",
    "",
    "Images keep their path under the registry: `registry.k8s.io/ingress-nginx/controller:v1.15.1` is pulled",
    "as `<imageRegistry>/ingress-nginx/controller:v1.15.1`, Docker Hub's `falcosecurity/falco` as",
    "`<imageRegistry>/falcosecurity/falco`. Images a stack chooses in its chart `values` go through the",
    "registry too, and so do the images of the workloads the program creates itself (the Vault snapshot",
    "CronJob), which the bill of materials lists beside the charts' images.",
    "",
    "## Secrets (`secure:` values) offline",
    "",
    "`pulumi config set --secret --path '<key.path>' <value>` writes the value encrypted with the stack's",
    "secrets provider, as `{ secure: <ciphertext> }` at that path in the stack file; a secret key given in",
    "plain text is rejected (`is a secret and must be stored encrypted`). The offline plan",
    "(`npm run plan`, the tests, CI's plan job) never decrypts: it replaces every `secure:` value with the",
    "placeholder `offline-plan-placeholder`, marks the key secret, and checks everything else, so it needs",
    "neither the secrets provider nor credentials. What it cannot check is the secret's content (a",
    "wrong token plans cleanly); `pulumi preview` with the stack's secrets provider decrypts the real",
    "values. In the plan's JSON report secrets stay redacted.",
];

/** The Markdown reference of every `platform:` key. */
export function renderConfigReference(): string {
    const rows = new Map<string, Row>();
    for (const tier of tiers) {
        const schema = z.toJSONSchema(stackSchema(tier), {
            io: "input",
            unrepresentable: "any",
            override: (ctx) => {
                const meta = z.globalRegistry.get(ctx.zodSchema as unknown as z.ZodType) as { secret?: boolean } | undefined;
                if (meta?.secret) {
                    (ctx.jsonSchema as JsonSchema).secret = true;
                }
            },
        }) as JsonSchema;
        for (const [key, child] of Object.entries(schema.properties ?? {})) {
            walk(child, key, (schema.required ?? []).includes(key), tier, rows);
        }
    }
    const out: string[] = [
        "# Stack configuration reference",
        "",
        "<!-- Generated from modules/config by `npm run docs:config`; do not edit by hand. -->",
        "",
        `Every key lives under the \`${projectName}:\` namespace of a stack file (\`stacks/Pulumi.<stack>.yaml\`).`,
        "Defaults depend on the environment tier (`platform:environment`); where the tiers differ, each",
        "tier's default is shown. Secret strings must be set with `pulumi config set --secret --path`.",
        "Unknown keys are errors, reported with the closest known key.",
        "",
        ...guide,
        "",
        "## Every key",
        "",
        "| key | type | required | default (dev / staging / prod) | description |",
        "|---|---|---|---|---|",
    ];
    for (const row of rows.values()) {
        const values = tiers.map((t) => show(row.defaults[t]));
        const same = values.every((v) => v === values[0]);
        const defaults = same ? values[0] : values.map((v, i) => `${tiers[i]}: ${v || "none"}`).join("<br>");
        out.push(
            `| \`${row.path}\` | ${row.type} | ${row.required ? "yes" : ""} | ${defaults} | ${row.description.replace(/\|/g, "\\|").replace(/\n/g, " ")} |`,
        );
    }
    return `${out.join("\n")}\n`;
}
