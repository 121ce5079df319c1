/**
 * Catalogue S1-S5: Services and Ingresses (no NodePort, internal or allow-listed LoadBalancers, no
 * externalIPs, HTTPS-only ingress, no wildcard hosts, no ingress-nginx snippet injection).
 */
import { CelRule, stringList } from "../../cel/rule";
import { tenantHostRules } from "./tenant-hosts";

const SERVICE: { apiGroups: string[]; kinds: string[] }[] = [{ apiGroups: [""], kinds: ["Service"] }];
const INGRESS = [{ apiGroups: ["networking.k8s.io", "extensions"], kinds: ["Ingress"] }];
const SERVICE_TYPE = "(has(object.spec) && has(object.spec.type) ? object.spec.type : 'ClusterIP')";
const ANNOTATIONS = "(has(object.metadata) && has(object.metadata.annotations) ? object.metadata.annotations : {})";
const RULES = "(has(object.spec) && has(object.spec.rules) ? object.spec.rules : [])";

const nodePort: CelRule = {
    id: "S1",
    name: "disallow-nodeport-services",
    description: "Services must not be of type NodePort (it opens a port on every node).",
    level: "mandatory",
    match: SERVICE,
    params: {},
    variables: [],
    checks: [
        {
            expression: `${SERVICE_TYPE} != 'NodePort'`,
            detail: "'spec.type is NodePort'",
            fix: "use a ClusterIP Service behind the platform's ingress.",
        },
    ],
};

/** The platform's one public entry point, per ingress controller (modules/addons/ingress/load-balancer.ts). */
export const PLATFORM_INGRESS_SERVICES = ["ingress-nginx/platform-ingress", "envoy-gateway-system/platform-ingress", "projectcontour/platform-ingress"];

/** Annotations that make a cloud LoadBalancer internal, per cloud. */
export const INTERNAL_LB_ANNOTATIONS = [
    { key: "service.beta.kubernetes.io/aws-load-balancer-scheme", value: "internal" },
    { key: "service.beta.kubernetes.io/aws-load-balancer-internal", value: "true" },
    { key: "service.beta.kubernetes.io/azure-load-balancer-internal", value: "true" },
    { key: "networking.gke.io/load-balancer-type", value: "Internal" },
    { key: "cloud.google.com/load-balancer-type", value: "Internal" },
];

const loadBalancer: CelRule = {
    id: "S1b",
    name: "restrict-loadbalancer-services",
    description: "LoadBalancer Services must be internal, unless allow-listed (the platform's ingress).",
    level: "mandatory",
    match: SERVICE,
    params: {
        allowedLoadBalancers: {
            schema: stringList(
                "Public LoadBalancer Services allowed, as `namespace/name`. Default: the platform's ingress Service " +
                    "(ingress-nginx/platform-ingress, envoy-gateway-system/platform-ingress, projectcontour/platform-ingress); tenants cannot create Services there.",
            ),
            default: PLATFORM_INGRESS_SERVICES,
        },
        internalAnnotations: {
            schema: {
                type: "array",
                description: "Annotations (key and value) that make a LoadBalancer internal. Default: AWS, Azure and GKE ones.",
                items: { type: "object", properties: { key: { type: "string" }, value: { type: "string" } } },
            },
            default: INTERNAL_LB_ANNOTATIONS,
        },
    },
    variables: [
        {
            name: "id",
            expression:
                "(has(object.metadata.namespace) ? object.metadata.namespace : 'default') + '/' + " + "(has(object.metadata.name) ? object.metadata.name : '')",
        },
    ],
    checks: [
        {
            expression:
                `${SERVICE_TYPE} != 'LoadBalancer' || variables.id in variables.params.allowedLoadBalancers || ` +
                `variables.params.internalAnnotations.exists(a, a.key in ${ANNOTATIONS} && ${ANNOTATIONS}[a.key] == a.value)`,
            detail: "'LoadBalancer Service ' + variables.id + ' is public'",
            fix: "annotate it as internal for your cloud, use the platform ingress, or allow-list it in allowedLoadBalancers.",
        },
    ],
};

const externalIps: CelRule = {
    id: "S2",
    name: "disallow-external-ips",
    description: "Services must not set externalIPs (CVE-2020-8554).",
    level: "mandatory",
    match: SERVICE,
    params: {
        allowedIPs: {
            schema: stringList("externalIPs allowed by exception. Default: none."),
            default: [],
        },
    },
    variables: [
        {
            name: "badIPs",
            expression: "has(object.spec) && has(object.spec.externalIPs) ? object.spec.externalIPs.filter(ip, !(ip in variables.params.allowedIPs)) : []",
        },
    ],
    checks: [
        {
            expression: "size(variables.badIPs) == 0",
            detail: "'externalIPs: ' + variables.badIPs.join(', ')",
            fix: "remove spec.externalIPs; expose the Service through the ingress or an internal LoadBalancer.",
        },
    ],
};

const https: CelRule = {
    id: "S3",
    name: "require-https-ingress",
    description: "Ingresses must serve HTTPS only (spec.tls set, plain HTTP not enabled).",
    level: "mandatory",
    match: INGRESS,
    params: {
        tlsOptional: {
            schema: {
                type: "boolean",
                description: 'Accept an Ingress without spec.tls when it sets kubernetes.io/ingress.allow-http: "false". Default: false.',
            },
            default: false,
        },
    },
    variables: [
        // cert-manager's HTTP-01 solver Ingress must be reachable over plain HTTP: exempt when it only serves the challenge path.
        {
            name: "acmeSolver",
            expression:
                "has(object.metadata.labels) && 'acme.cert-manager.io/http01-solver' in object.metadata.labels && " +
                "object.metadata.labels['acme.cert-manager.io/http01-solver'] == 'true' && " +
                `size(${RULES}) > 0 && ${RULES}.all(r, has(r.http) && has(r.http.paths) && ` +
                "r.http.paths.all(p, has(p.path) && p.path.startsWith('/.well-known/acme-challenge/')))",
        },
        { name: "hasTls", expression: "has(object.spec) && has(object.spec.tls) && size(object.spec.tls) > 0" },
        {
            name: "httpOff",
            expression: `'kubernetes.io/ingress.allow-http' in ${ANNOTATIONS} && ${ANNOTATIONS}['kubernetes.io/ingress.allow-http'] == 'false'`,
        },
    ],
    checks: [
        {
            expression: "variables.acmeSolver || variables.hasTls || (variables.params.tlsOptional && variables.httpOff)",
            detail: "'spec.tls is not set'",
            fix: "add spec.tls with a certificate (cert-manager can issue it).",
        },
        {
            expression: `!('kubernetes.io/ingress.allow-http' in ${ANNOTATIONS} && ${ANNOTATIONS}['kubernetes.io/ingress.allow-http'] == 'true')`,
            detail: "'kubernetes.io/ingress.allow-http is true'",
            fix: 'remove the annotation or set it to "false".',
        },
    ],
};

const wildcardHosts: CelRule = {
    id: "S4",
    name: "disallow-wildcard-ingress-hosts",
    description: "Ingress rules must name a host, without wildcards.",
    level: "mandatory",
    match: INGRESS,
    params: {},
    variables: [
        {
            name: "badHosts",
            expression: `${RULES}.filter(r, !has(r.host) || r.host == '' || r.host.contains('*')).map(r, has(r.host) && r.host != '' ? r.host : '(empty)')`,
        },
    ],
    checks: [
        {
            expression: "size(variables.badHosts) == 0",
            detail: "'hosts: ' + variables.badHosts.join(', ')",
            fix: "give every rule an explicit host name (one Ingress per host if needed).",
        },
    ],
};

const nginxSnippets: CelRule = {
    id: "S5",
    name: "disallow-ingress-nginx-snippets",
    description: "Ingresses must not use ingress-nginx snippet annotations or inject configuration through annotation values (CVE-2021-25742, CVE-2025-1974).",
    level: "mandatory",
    match: INGRESS,
    params: {
        annotationPrefix: {
            schema: { type: "string", description: "Prefix of the controller's annotations. Default: nginx.ingress.kubernetes.io/." },
            default: "nginx.ingress.kubernetes.io/",
        },
    },
    variables: [
        {
            name: "badAnnotations",
            expression:
                `${ANNOTATIONS}.filter(k, k.startsWith(variables.params.annotationPrefix) && ` +
                `(k.endsWith('-snippet') || k.endsWith('-snippets') || ${ANNOTATIONS}[k].matches('[\\r\\n{};#]')))`,
        },
    ],
    checks: [
        {
            expression: "size(variables.badAnnotations) == 0",
            detail: "'annotations: ' + variables.badAnnotations.join(', ')",
            fix: "remove snippet annotations and values containing newlines, braces, ';' or '#'; configure the controller centrally.",
        },
    ],
};

/** S1-S5, in catalogue order, then the tenant host and certificate rules (S6-S7, ./tenant-hosts.ts). */
export const serviceRules: CelRule[] = [nodePort, loadBalancer, externalIps, https, wildcardHosts, nginxSnippets, ...tenantHostRules];
