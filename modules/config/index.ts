export { ConfigError, ConfigIssue } from "./errors";
export { loadStackConfig, parseStackConfig, RawStackConfig, StackCheck } from "./load";
export { PlatformConfig, projectName, stackSchema } from "./schema";
export {
    readStackFile,
    parseStackText,
    stacksIn,
    shippedStacks,
    deployableStacks,
    stackFilePath,
    findStackFile,
    stackNameOf,
    secretPlaceholder,
    stacksDir,
    exampleStacksDir,
} from "./stack-file";
export { Secret } from "./secret";
export { Tier, AddonSettings } from "./common";
