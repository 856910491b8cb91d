/**
 * A fixture program for test/policies/resource-types.test.ts: calls the SDK function each invoke
 * token in facts/ names (`aws:index/getRegion:getRegion` → aws.getRegion), so the mock runtime
 * records the token the SDK really sends, and registers one explicit provider.
 */
import * as aws from "@pulumi/aws";
import { invokes, tokenParts } from "../../../facts/resource-types";

for (const token of Object.values(invokes)) {
    const { module, name } = tokenParts(token);
    const fn = (module === "index" ? (aws as any) : (aws as any)[module])?.[name];
    if (typeof fn !== "function") throw new Error(`@pulumi/aws has no function for ${token}`);
    fn({});
}
new aws.Provider("explicit", { region: "us-east-1" });
