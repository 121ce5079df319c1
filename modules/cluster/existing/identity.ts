/** The identity binder of an adopted cluster: there is no cloud identity to bind, so bindings add nothing. */
import * as pulumi from "@pulumi/pulumi";
import type { BoundIdentity, IdentityBinder } from "../contract";

/** No cloud identity on an adopted cluster: bindings add nothing. */
export const noCloudIdentity: IdentityBinder = {
    mechanism: "none",
    bind(): BoundIdentity {
        return { serviceAccountAnnotations: pulumi.output<Record<string, string>>({}), podLabels: {}, resources: [] };
    },
};
