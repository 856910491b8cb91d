/**
 * The engine's sentinel for an unknown value whose type it does not know (pulumi
 * sdk/go/common/resource/plugin/rpc.go, UnknownStringValue); Pulumi's mocks report computed values
 * with it too.
 */
export const unknownStringValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
