/** The GitHub Actions workflow, read as data: the gates are where the README says they are. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

interface Step { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> }
interface Job { needs?: string | string[]; if?: string; environment?: string; permissions?: Record<string, string>; steps: Step[]; strategy?: { matrix: { stack: string[] } } }

const workflow = yaml.load(fs.readFileSync(path.resolve(__dirname, "../../.github/workflows/infra.yml"), "utf8")) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const jobs = workflow.jobs;
const needs = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const ancestors = (name: string): string[] => needs(jobs[name]).flatMap((n) => [n, ...ancestors(n)]);
const text = (job: Job) => JSON.stringify(job);

describe("CI workflow", () => {
    it("runs on pull requests and on pushes to main", () => {
        assert.ok("pull_request" in workflow.on && "push" in workflow.on);
    });

    it("sets up Node.js in every job that runs npm or pulumi from .nvmrc, the one declaration of the line", () => {
        const nodeJobs = Object.entries(jobs).filter(([, job]) => /npm |pulumi\/actions/.test(text(job)));
        assert.deepStrictEqual(Object.keys(jobs).filter((name) => !nodeJobs.some(([n]) => n === name)), ["diagram-comment"]);
        for (const [name, job] of nodeJobs) {
            const setups = job.steps.filter((s) => s.uses?.startsWith("actions/setup-node@"));
            assert.deepStrictEqual(setups.map((s) => [s.with?.["node-version-file"], s.with?.["node-version"]]), [[".nvmrc", undefined]], name);
        }
        assert.match(fs.readFileSync(path.resolve(__dirname, "../../.nvmrc"), "utf8"), /^\d+\n$/);
    });

    it("runs the offline plan of every stack first, with no credentials, secrets or id-token", () => {
        const offline = jobs["offline-plan"];
        assert.deepStrictEqual(needs(offline), []);
        assert.doesNotMatch(text(offline), /secrets\.|id-token|configure-aws-credentials|pulumi\/actions/);
        assert.match(text(offline), /for stack in dev staging prod; do/);
        assert.match(text(offline), /npm run -s plan -- \\"\$stack\\" --json/);
        for (const name of Object.keys(jobs).filter((n) => n !== "offline-plan")) {
            assert.ok(ancestors(name).includes("offline-plan"), `${name} does not wait for the offline plan`);
        }
    });

    it("previews each stack with the policy pack on pull requests", () => {
        const preview = jobs.preview;
        assert.match(preview.if ?? "", /pull_request/);
        assert.deepStrictEqual(preview.strategy?.matrix.stack, ["dev", "staging", "prod"]);
        const step = preview.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        assert.deepStrictEqual([step?.with?.command, step?.with?.policyPacks, step?.with?.["stack-name"]], ["preview", "policies", "${{ matrix.stack }}"]);
    });

    it("brings dev up with the policy pack on merge to main", () => {
        const dev = jobs["deploy-dev"];
        assert.match(dev.if ?? "", /push/);
        assert.match(dev.if ?? "", /refs\/heads\/main/);
        const step = dev.steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
        assert.deepStrictEqual([step?.with?.command, step?.with?.policyPacks, step?.with?.["stack-name"]], ["up", "policies", "dev"]);
    });

    it("promotes to staging and then prod only through their approval environments", () => {
        assert.deepStrictEqual([jobs["deploy-staging"].environment, needs(jobs["deploy-staging"])], ["staging", ["deploy-dev"]]);
        assert.deepStrictEqual([jobs["deploy-prod"].environment, needs(jobs["deploy-prod"])], ["prod", ["deploy-staging"]]);
        assert.ok(jobs["deploy-staging"].steps.some((s) => s.run === 'npm run promote -- dev staging --yes --markdown "$GITHUB_STEP_SUMMARY"'));
        assert.ok(jobs["deploy-prod"].steps.some((s) => s.run === 'npm run promote -- staging prod --yes --markdown "$GITHUB_STEP_SUMMARY"'));
    });

    it("draws every stack's exposure change against the base branch's plan into the PR's job summary and a comment", () => {
        const step = jobs["offline-plan"].steps.find((s) => s.run?.includes("--diagram markdown"));
        assert.match(step?.if ?? "", /pull_request/);
        const run = step?.run ?? "";
        assert.match(run, /git worktree add --detach "\$RUNNER_TEMP\/base" FETCH_HEAD/);
        assert.match(run, /cd "\$RUNNER_TEMP\/base" && npm run -s plan -- "\$stack" --json > "\$base"/);
        assert.match(run, /npm run -s plan -- "\$stack" --diagram markdown "\$\{against\[@\]\}" >> plan\/diagram\.md/);
        assert.match(run, /cat plan\/diagram\.md >> "\$GITHUB_STEP_SUMMARY"/);
        const comment = jobs["diagram-comment"];
        assert.deepStrictEqual([needs(comment), comment.permissions], [["offline-plan"], { contents: "read", "pull-requests": "write" }]);
        assert.match(comment.if ?? "", /head\.repo\.full_name == github\.repository/);
        assert.match(text(comment), /gh pr comment \\"\$PR\\" --body-file plan\/diagram\.md --edit-last/);
    });
});
