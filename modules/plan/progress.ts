/**
 * The progress line of a long offline plan, on a terminal only: one line rewritten in place
 * (`planning aws-prod: evaluating the program, 412 resources, 6.1 s`), cleared when the plan ends so
 * the summary starts on a clean line. On anything but a TTY (CI logs, pipes, files, tests) it writes
 * nothing, so captured output stays exactly the summary.
 */
import type { PlanHooks } from "./run";

/** The part of a stream the line needs (process.stderr, or a stand-in in tests). */
export interface ProgressStream {
    isTTY?: boolean;
    write(text: string): boolean;
}

export class PlanProgress implements PlanHooks {
    private phase = "reading the configuration";
    private resources = 0;
    private lastDraw = 0;
    private timer?: NodeJS.Timeout;
    private readonly started = Date.now();
    private readonly active: boolean;

    /**
     * @param stack the stack's name, shown first on the line
     * @param stream where the line goes (default: stderr, so stdout stays the summary)
     * @param minIntervalMs redraw at most this often
     */
    constructor(
        private readonly stack: string,
        private readonly stream: ProgressStream = process.stderr,
        private readonly minIntervalMs = 100,
    ) {
        this.active = stream.isTTY === true && process.env.TERM !== "dumb";
        if (this.active) {
            // Redraws the elapsed time while nothing registers (a slow add-on, the policies).
            this.timer = setInterval(() => this.draw(true), 500);
            this.timer.unref();
        }
    }

    onPhase(phase: "program" | "policies", detail?: { resources: number; policies?: number }): void {
        const policies = detail?.policies === undefined ? "the" : String(detail.policies);
        this.phase = phase === "program" ? "evaluating the program" : `running ${policies} policies over ${detail?.resources ?? this.resources} resources`;
        this.draw(true);
    }

    onResource(count: number): void {
        this.resources = count;
        this.draw(false);
    }

    /** Clears the line; call before printing the summary or an error. */
    done(): void {
        if (this.timer) {
            clearInterval(this.timer);
            this.timer = undefined;
        }
        if (this.active) {
            this.stream.write("\r\x1b[2K");
        }
    }

    /** The text of the line as it stands (without control characters). */
    line(): string {
        const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
        const count = this.phase === "evaluating the program" ? `, ${this.resources} resources` : "";
        return `planning ${this.stack}: ${this.phase}${count}, ${seconds} s`;
    }

    private draw(force: boolean): void {
        if (!this.active) {
            return;
        }
        const now = Date.now();
        if (!force && now - this.lastDraw < this.minIntervalMs) {
            return;
        }
        this.lastDraw = now;
        this.stream.write(`\r\x1b[2K${this.line()}`);
    }
}
