/**
 * The Pulumi program. It only loads the stack's configuration, builds the platform and exports its
 * outputs; everything else lives in modules/. Invalid configuration stops the run with every problem
 * listed (`key.path: message`) and no stack trace.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadStackConfig } from "./modules/config";
import { createPlatform, platformChecks } from "./modules/platform";

export = async () => {
    try {
        const config = loadStackConfig([platformChecks]);
        // createPlatform may also reject the configuration (a chart that does not support the
        // cluster's Kubernetes version): same clear message, no stack trace.
        const platform = await createPlatform(config);
        return platform.outputs;
    } catch (e) {
        if (e instanceof ConfigError) {
            throw new pulumi.RunError(e.message);
        }
        throw e;
    }
};
