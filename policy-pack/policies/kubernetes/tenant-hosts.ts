/**
 * Tenant hosts and certificates are owned (issue 17), at admission:
 * - S6 `restrict-tenant-hosts`: in a tenant namespace (one carrying the tenant label), every host an
 *   Ingress, a Gateway API route or a cert-manager Certificate names lies under one of the suffixes
 *   the platform wrote on that namespace (annotation `platform.io/host-suffixes`, comma-separated);
 * - S7 `restrict-tenant-certificate-issuers`: in a tenant namespace, no Certificate or
 *   CertificateRequest refers to a cluster-scoped issuer (the platform's internal CA, its ACME issuers
 *   with the platform's DNS-01 identity), and no Ingress or Gateway asks cert-manager's ingress-shim
 *   for one (`cert-manager.io/cluster-issuer`, `cert-manager.io/issuer-kind: ClusterIssuer`, or
 *   `kubernetes.io/tls-acme`, which uses the shim's default issuer). Tenants get certificates from
 *   issuers in their own namespace, for their own hosts.
 *
 * Both read the namespace through `namespaceObject` (bound by Gatekeeper's K8sNativeValidation engine
 * since 3.22, and by a native ValidatingAdmissionPolicy). CrossGuard and the `policy check` CLI run them
 * as stack policies and bind the Namespace of the same stack (../../cel/policy.ts); an object whose
 * Namespace the stack does not create is judged nothing there: that namespace is the cluster's fact.
 *
 * Host uniqueness across namespaces needs every other object's hosts (referential data): see
 * ./unique-ingress-hosts.ts.
 */
import { CelRule, stringList } from "../../cel/rule";

/** The annotation on tenant namespaces listing the host suffixes the tenant may use, comma-separated. */
export const HOST_SUFFIXES_ANNOTATION = "platform.io/host-suffixes";
/** The label every tenant namespace carries (modules/tenancy). */
export const TENANT_LABEL = "platform.io/tenant";

const ANNOTATIONS = "(has(object.metadata) && has(object.metadata.annotations) ? object.metadata.annotations : {})";
const TENANT_NAMESPACE =
    "namespaceObject != null && has(namespaceObject.metadata) && has(namespaceObject.metadata.labels) && " +
    "variables.params.tenantLabel in namespaceObject.metadata.labels";

const tenantLabelParam = {
    schema: { type: "string" as const, description: "The label that marks a tenant namespace. Default: platform.io/tenant." },
    default: TENANT_LABEL,
};

const hosts: CelRule = {
    id: "S6",
    name: "restrict-tenant-hosts",
    description: "In a tenant namespace, Ingress, route and certificate hosts must lie under the host suffixes the platform gave the tenant.",
    level: "mandatory",
    match: [
        { apiGroups: ["networking.k8s.io", "extensions"], kinds: ["Ingress"] },
        { apiGroups: ["gateway.networking.k8s.io"], kinds: ["HTTPRoute", "GRPCRoute", "TLSRoute"] },
        { apiGroups: ["cert-manager.io"], kinds: ["Certificate"] },
    ],
    params: {
        tenantLabel: tenantLabelParam,
        suffixAnnotation: {
            schema: {
                type: "string",
                description: "The namespace annotation listing the tenant's host suffixes, comma-separated. Default: platform.io/host-suffixes.",
            },
            default: HOST_SUFFIXES_ANNOTATION,
        },
    },
    variables: [
        { name: "tenantNamespace", expression: TENANT_NAMESPACE },
        {
            name: "suffixes",
            expression:
                "variables.tenantNamespace && has(namespaceObject.metadata.annotations) && variables.params.suffixAnnotation in namespaceObject.metadata.annotations ? " +
                "namespaceObject.metadata.annotations[variables.params.suffixAnnotation].split(',').filter(s, s != '') : []",
        },
        {
            name: "hosts",
            expression:
                "object.kind == 'Ingress' ? " +
                "(has(object.spec) && has(object.spec.rules) ? object.spec.rules.filter(r, has(r.host)).map(r, r.host) : []) : " +
                "object.kind == 'Certificate' ? " +
                "((has(object.spec) && has(object.spec.dnsNames) ? object.spec.dnsNames : []) + (has(object.spec) && has(object.spec.commonName) ? [object.spec.commonName] : [])) : " +
                "(has(object.spec) && has(object.spec.hostnames) ? object.spec.hostnames : [])",
        },
        {
            name: "tlsHosts",
            expression:
                "object.kind == 'Ingress' && has(object.spec) && has(object.spec.tls) ? " +
                "object.spec.tls.filter(t, has(t.hosts) && t.hosts.exists(h, !variables.suffixes.exists(s, h == s || h.endsWith('.' + s)))).map(t, t.hosts.join(', ')) : []",
        },
        { name: "outside", expression: "variables.hosts.filter(h, !variables.suffixes.exists(s, h == s || h.endsWith('.' + s)))" },
    ],
    checks: [
        {
            expression: "!variables.tenantNamespace || (size(variables.outside) == 0 && size(variables.tlsHosts) == 0)",
            detail:
                "'hosts outside the tenant\\'s suffixes (' + (size(variables.suffixes) > 0 ? variables.suffixes.join(', ') : 'none') + '): ' + " +
                "(variables.outside + variables.tlsHosts).join(', ')",
            fix: "use host names under the tenant's suffixes (tenants[].hosts), or ask the platform team to add a suffix.",
        },
    ],
};

const issuers: CelRule = {
    id: "S7",
    name: "restrict-tenant-certificate-issuers",
    description:
        "In a tenant namespace, certificates come from issuers in that namespace: no ClusterIssuer (the platform's internal CA or ACME identity), directly or through cert-manager's ingress-shim.",
    level: "mandatory",
    match: [
        { apiGroups: ["cert-manager.io"], kinds: ["Certificate", "CertificateRequest"] },
        { apiGroups: ["networking.k8s.io", "extensions"], kinds: ["Ingress"] },
        { apiGroups: ["gateway.networking.k8s.io"], kinds: ["Gateway"] },
    ],
    params: {
        tenantLabel: tenantLabelParam,
        allowedClusterIssuers: {
            schema: stringList("ClusterIssuers tenants may use all the same (none by default: the platform's issuers are its own). Default: []."),
            default: [],
        },
    },
    variables: [
        { name: "tenantNamespace", expression: TENANT_NAMESPACE },
        {
            name: "issuerRef",
            expression: "object.kind in ['Certificate', 'CertificateRequest'] && has(object.spec) && has(object.spec.issuerRef) ? object.spec.issuerRef : {}",
        },
        {
            name: "clusterIssuerRef",
            expression:
                "has(variables.issuerRef.kind) && variables.issuerRef.kind.endsWith('ClusterIssuer') && " +
                "!(has(variables.issuerRef.name) && variables.issuerRef.name in variables.params.allowedClusterIssuers)",
        },
        {
            name: "shim",
            expression:
                `object.kind in ['Ingress', 'Gateway'] ? [` +
                `'cert-manager.io/cluster-issuer' in ${ANNOTATIONS} && !(${ANNOTATIONS}['cert-manager.io/cluster-issuer'] in variables.params.allowedClusterIssuers) ? 'cert-manager.io/cluster-issuer' : '', ` +
                `'cert-manager.io/issuer-kind' in ${ANNOTATIONS} && ${ANNOTATIONS}['cert-manager.io/issuer-kind'].endsWith('ClusterIssuer') ? 'cert-manager.io/issuer-kind' : '', ` +
                `'kubernetes.io/tls-acme' in ${ANNOTATIONS} && ${ANNOTATIONS}['kubernetes.io/tls-acme'] == 'true' ? 'kubernetes.io/tls-acme' : ''` +
                `].filter(a, a != '') : []`,
        },
    ],
    checks: [
        {
            expression: "!variables.tenantNamespace || !variables.clusterIssuerRef",
            detail: "'spec.issuerRef is ' + variables.issuerRef.kind + ' ' + (has(variables.issuerRef.name) ? variables.issuerRef.name : '')",
            fix: "refer to an Issuer in this namespace (kind: Issuer).",
        },
        {
            expression: "!variables.tenantNamespace || size(variables.shim) == 0",
            detail: "'annotations asking cert-manager for a cluster-wide issuer: ' + variables.shim.join(', ')",
            fix: "use cert-manager.io/issuer with an Issuer in this namespace.",
        },
    ],
};

/** S6-S7, the tenant host and certificate rules. */
export const tenantHostRules: CelRule[] = [hosts, issuers];
