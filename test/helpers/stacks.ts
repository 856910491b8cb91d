/**
 * Shared access to mocked runs of the committed stacks: each stack runs once per mocha process,
 * whichever test file asks first.
 */
import { MockedRun, RecordedResource, runMocked, unwrapSecrets } from "../../offline/mock-run";
import { readStackValues, stackFilePath, StackValues } from "../../offline/stack-file";

export const committedStacks = ["dev", "staging", "prod"] as const;
export type StackName = (typeof committedStacks)[number];

const runs = new Map<string, Promise<MockedRun>>();

export function mockedStack(stack: StackName): Promise<MockedRun> {
    if (!runs.has(stack)) runs.set(stack, runMocked({ stack }));
    return runs.get(stack)!;
}

export function committedValues(stack: StackName): StackValues {
    return readStackValues(stackFilePath(stack));
}

export function ofType(run: MockedRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

export function one(run: MockedRun, type: string, predicate: (r: RecordedResource) => boolean = () => true): RecordedResource {
    const found = ofType(run, type).filter(predicate);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
}

export function byUrn(run: MockedRun, urn: string): RecordedResource {
    const found = run.resources.find((r) => r.urn === urn);
    if (!found) throw new Error(`no resource ${urn}`);
    return found;
}

/** The resources whose outputs fed `property` of `resource` (property dependencies). */
export function inputsFrom(run: MockedRun, resource: RecordedResource, property: string): RecordedResource[] {
    return (resource.propertyDependencies[property] ?? []).map((urn) => byUrn(run, urn));
}

/** Plain inputs (secrets unwrapped). */
export function plain(resource: RecordedResource): Record<string, any> {
    return unwrapSecrets(resource.inputs);
}
