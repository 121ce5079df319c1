/**
 * Every add-on the platform can install, in the order they are listed in docs. The runner installs the
 * enabled ones, each after the add-ons it needs (addon.ts); admission control, the platform network
 * policies and tenancy consume what they installed. To add an add-on: write its folder with one
 * `defineAddon(...)` and add it here.
 */
import type { AnyAddon } from "./addon";
import { dns } from "./dns";
import { ingress } from "./ingress";
import { observability } from "./observability";
import { loki } from "./observability/loki";
import { certManager } from "./security/cert-manager";
import { falco } from "./security/falco";
import { identity } from "./security/identity";
import { rbac } from "./security/rbac";
import { vault } from "./security/vault";
import { storage } from "./storage";

export const catalogue: readonly AnyAddon[] = [storage, loki, observability, ingress, dns, certManager, vault, falco, identity, rbac];
