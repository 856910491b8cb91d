/**
 * Progress for long steps, on stderr and only when stderr is a terminal: stdout carries the
 * report (or the one JSON document) and CI logs stay clean.
 */

export interface ProgressStream {
    readonly isTTY?: boolean;
    write(text: string): unknown;
}

export interface Progress {
    /** Runs `work`, showing `label` with a spinner and its duration when done. */
    step<T>(label: string, work: () => Promise<T>): Promise<T>;
}

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export const silentProgress: Progress = { step: (_label, work) => work() };

export function createProgress(stream: ProgressStream = process.stderr): Progress {
    if (!stream.isTTY) return silentProgress;
    return {
        async step<T>(label: string, work: () => Promise<T>): Promise<T> {
            const started = Date.now();
            let frame = 0;
            const draw = () => stream.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${label}…`);
            draw();
            const timer = setInterval(draw, 80);
            timer.unref();
            try {
                const result = await work();
                stream.write(`\r\x1b[2K✓ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
                return result;
            } catch (error) {
                stream.write(`\r\x1b[2K✗ ${label}\n`);
                throw error;
            } finally {
                clearInterval(timer);
            }
        },
    };
}
