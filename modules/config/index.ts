export { ConfigError, ConfigIssue } from "./errors";
export { loadStackConfig, parseStackConfig, RawStackConfig, StackCheck } from "./load";
export { PlatformConfig, projectName, stackSchema } from "./schema";
export { readStackFile, parseStackText, listStacks, stackFilePath, stackNameOf, secretPlaceholder } from "./stack-file";
export { Secret } from "./secret";
export { Tier, AddonSettings } from "./common";
