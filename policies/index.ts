/**
 * The pack's entry point, run by the Pulumi CLI (`pulumi preview --policy-pack policies`).
 * `new PolicyPack` starts the analyzer's gRPC server and reads ./package.json, so it lives here
 * alone; the policies are in their own modules (see policies.ts).
 */
import { PolicyPack } from "@pulumi/policy";
import { packName, policies } from "./policies";

new PolicyPack(packName, { policies });
