/** The committed dev stack switched to edge alb (a hosted zone by default): the edge tests' stack. */
import { committedValues } from "./stacks";

export const albZoneId = "Z0123456789ABCDEFGHIJ";
export const albCertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";

export function albValues(extra: Record<string, string> = { "irisx-infra:hostedZoneId": albZoneId }): Record<string, string> {
    return { ...committedValues("dev"), "irisx-infra:edge": "alb", ...extra };
}
