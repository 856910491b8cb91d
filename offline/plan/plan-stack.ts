/**
 * Plans one stack offline: its committed (or a given) stack file → validated config → the real
 * program under Pulumi's mock runtime → the policy pack through the analyzer code the CLI uses →
 * the report. Throws ConfigError (bad config, names the key) or UsageError (unknown stack).
 */
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig, StackConfig } from "../../infra/config";
import { freshStackPreview } from "../first-preview";
import { runMocked, RecordedResource } from "../mock-run";
import { configSource, readStackValues, repoRoot, stackFilePath, stackNameProblem, StackValues } from "../stack-file";
import { UsageError } from "./exit-codes";
import { freshPreviewReport } from "./fresh-preview";
import { evaluatePolicies, PolicyConfig } from "./verdicts";
import { Progress, silentProgress } from "./progress";
import { buildReport, PlanReport } from "./report";
import { diffHosts, HostChanges } from "./host-changes";

/** Stacks with a committed `Pulumi.<stack>.yaml` next to `Pulumi.yaml`. */
export function knownStacks(dir = repoRoot): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export interface StackRef {
    readonly stack: string;
    readonly file: string;
}

/** The stack and its file: `--stack-file` wins; otherwise the committed file, which must exist. */
export function resolveStack(stack: string | undefined, stackFile?: string): StackRef {
    const problem = stack === undefined ? undefined : stackNameProblem(stack);
    if (problem) throw new UsageError(`${problem} (Pulumi's rule for stack names)`);
    if (stackFile !== undefined) {
        const file = path.resolve(stackFile);
        if (!fs.existsSync(file)) throw new UsageError(`no stack file at ${file}`);
        const name = stack ?? /^Pulumi\.(.+)\.yaml$/.exec(path.basename(file))?.[1] ?? "offline";
        const nameProblem = stackNameProblem(name);
        if (nameProblem) throw new UsageError(`${path.basename(file)}: ${nameProblem}; name the stack: npm run plan -- <stack> --stack-file <path>`);
        return { stack: name, file };
    }
    const stacks = knownStacks();
    if (stack === undefined) throw new UsageError(`name a stack: ${stacks.join(", ")}`);
    if (!stacks.includes(stack)) {
        throw new UsageError(`unknown stack "${stack}": there is no Pulumi.${stack}.yaml; known stacks: ${stacks.join(", ")}`);
    }
    return { stack, file: stackFilePath(stack) };
}

/** Stack values as the CLI would pass them; unreadable files are usage errors (exit 2). */
export function loadStackValues(file: string): StackValues {
    try {
        return readStackValues(file);
    } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
    }
}

export interface MockedStack {
    readonly ref: StackRef;
    readonly config: StackConfig;
    readonly values: StackValues;
    readonly resources: readonly RecordedResource[];
}

/** Validates the config first (no program load for a bad key), then runs the program mocked. */
export async function runStack(ref: StackRef, progress: Progress = silentProgress): Promise<MockedStack> {
    const values = loadStackValues(ref.file);
    const config = parseStackConfig(configSource(values));
    const run = await progress.step(`running the program for ${ref.stack} under Pulumi's mock runtime`, () =>
        runMocked({ stack: ref.stack, values }),
    );
    return { ref, config, values, resources: run.resources };
}

/** Runs the policy pack over a mocked stack and builds its report. */
export async function reportFor(mocked: MockedStack, progress: Progress = silentProgress, policyConfig?: PolicyConfig): Promise<PlanReport> {
    const { ref, resources } = mocked;
    const verdicts = await progress.step(`checking ${resources.length} resources against the policy pack`, () =>
        evaluatePolicies(resources, policyConfig),
    );
    const freshPreview = await progress.step(`previewing ${ref.stack} as a fresh stack (computed values unknown) against the provider checks`, () =>
        freshStackPreview(ref.stack, mocked.values),
    );
    const relative = path.relative(repoRoot, ref.file);
    return buildReport({
        stack: ref.stack,
        stackFile: relative.startsWith("..") || path.isAbsolute(relative) ? ref.file : relative,
        config: mocked.config,
        resources,
        verdicts,
        freshPreview: freshPreviewReport(freshPreview),
    });
}

/** The committed stack a `--stack-file` changes, when there is one. */
export function committedBase(ref: StackRef): StackRef | undefined {
    const committed = knownStacks().includes(ref.stack) ? stackFilePath(ref.stack) : undefined;
    return committed && path.resolve(committed) !== path.resolve(ref.file) ? { stack: ref.stack, file: committed } : undefined;
}

/**
 * With a `--stack-file` for a committed stack: which hosts the change adds and removes (the base
 * program only, no pack). `baseRun`: the committed stack already run by the caller (the diagram).
 */
async function hostChangesFor(ref: StackRef, mocked: MockedStack, progress: Progress, baseRun?: MockedStack): Promise<HostChanges | undefined> {
    const base = committedBase(ref);
    if (!base) return undefined;
    const before = baseRun ?? await runStack(base, progress);
    return diffHosts({ file: path.relative(repoRoot, base.file), resources: before.resources, drainTimeoutSeconds: before.config.drainTimeoutSeconds }, mocked.resources);
}

export async function planStack(ref: StackRef, progress: Progress = silentProgress, policyConfig?: PolicyConfig, baseRun?: MockedStack): Promise<PlanReport> {
    const mocked = await runStack(ref, progress);
    const report = await reportFor(mocked, progress, policyConfig);
    const hostChanges = await hostChangesFor(ref, mocked, progress, baseRun);
    return hostChanges ? { ...report, hostChanges } : report;
}
