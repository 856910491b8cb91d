/**
 * `npm run bench:plan`: how long the offline plan of every stack takes, next to the time it takes
 * just to load @pulumi/aws in the same process. Prints figures only; nothing here asserts a time.
 *
 * Order matters and is fixed: @pulumi/aws is required first (cold, from disk), so the plans that
 * follow reuse it from the module cache; the first plan also pays for loading the program, the
 * mock runtime and the policy pack once.
 */
import { performance } from "perf_hooks";

function ms(from: number): number {
    return performance.now() - from;
}

async function main(): Promise<void> {
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require("@pulumi/aws");
    const awsLoad = ms(t0);

    const { planStack, resolveStack } = await import("../../offline/plan/plan-stack");
    const { renderText } = await import("../../offline/plan/render-text");
    const stacks = ["dev", "staging", "prod"];
    const times: [string, number][] = [];
    for (const stack of stacks) {
        const start = performance.now();
        const report = await planStack(resolveStack(stack));
        renderText(report);
        times.push([stack, ms(start)]);
    }
    const total = times.reduce((sum, [, t]) => sum + t, 0);
    const width = 44;
    const line = (label: string, value: number) => `${label.padEnd(width)}${value.toFixed(0).padStart(7)} ms`;
    process.stdout.write(
        [
            line('require("@pulumi/aws") (cold)', awsLoad),
            ...times.map(([stack, t]) => line(`plan ${stack}`, t)),
            line("plan of all three stacks", total),
            `${"ratio: all three plans / @pulumi/aws load".padEnd(width)}${(total / awsLoad).toFixed(2).padStart(7)} x`,
            line("process uptime (incl. the loader's start)", process.uptime() * 1000),
        ].join("\n") + "\n",
    );
}

main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
});
