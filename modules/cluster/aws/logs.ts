/**
 * CloudWatch Logs for the platform's log pipeline: `auto` on AWS ships there, through the agent's
 * IRSA role, to a log group the agent may create and write and nothing else. Amazon OpenSearch
 * Service requests are signed with the same kind of identity. Pure.
 */
import { fluentBitSection, fluentBitSize } from "../../lib/fluent-bit";
import type { CloudLogBackendConfig, CloudPermissions, LogService, LogSite } from "../contract";

type CloudWatch = Extract<CloudLogBackendConfig, { type: "cloudwatch" }>;

/** The CloudWatch log group a back end writes to. */
export function logGroupOf(b: { logGroup?: string }, clusterName: string): string {
    return b.logGroup ?? `/platform/${clusterName}/containers`;
}

export const cloudWatchLogs: LogService = {
    auto: { agent: { type: "cloudwatch", retentionDays: 30 } },
    backends: {
        cloudwatch: {
            fluentBitOutput: (b: CloudWatch, site: LogSite, bufferLimit: string) =>
                fluentBitSection("OUTPUT", [
                    ["Name", "cloudwatch_logs"],
                    ["Match", "*"],
                    ["Retry_Limit", "no_limits"],
                    ["storage.total_limit_size", fluentBitSize(bufferLimit)],
                    ["Region", site.region],
                    ["Log_Group_Name", logGroupOf(b, site.clusterName)],
                    ["Log_Stream_Prefix", "node-"],
                    ["Auto_Create_Group", true],
                    ["Log_Retention_Days", b.retentionDays],
                ]),
            fluentdVariant: "cloudwatch",
            fluentdMatch: (b: CloudWatch, site: LogSite, buffer: string[]) =>
                [
                    "<match **>",
                    "  @type cloudwatch_logs",
                    `  region ${site.region}`,
                    `  log_group_name ${logGroupOf(b, site.clusterName)}`,
                    "  use_tag_as_stream true",
                    "  auto_create_stream true",
                    `  retention_in_days ${b.retentionDays}`,
                    ...buffer,
                    "</match>",
                ].join("\n"),
            permissions: (b: CloudWatch, site: LogSite): CloudPermissions => {
                const arn = `arn:aws:logs:${site.region}:*:log-group:${logGroupOf(b, site.clusterName)}`;
                return {
                    aws: {
                        statements: [
                            { Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:DescribeLogGroups"], Resource: arn },
                            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], Resource: `${arn}:*` },
                        ],
                    },
                };
            },
        },
    },
    openSearchSigning: (region: string): CloudPermissions => ({
        aws: { statements: [{ Effect: "Allow", Action: ["es:ESHttpGet", "es:ESHttpPost", "es:ESHttpPut"], Resource: `arn:aws:es:${region}:*:domain/*` }] },
    }),
};
