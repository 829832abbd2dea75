/**
 * Errors and exit codes shared by every generator CLI.
 *
 * Exit codes: 0 ok, 1 invalid config (or a runtime failure the user must fix), 2 usage, 3 `--check` found drift.
 */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
export const EXIT_DRIFT = 3;

/** One problem found in a config file: where it is, what is wrong and how to fix it. */
export interface ConfigIssue {
    file: string;
    /** JSON path such as `$.mappings[2].source`; `$` for the whole document. */
    path: string;
    message: string;
    hint?: string;
    /** 1-based line and column, when known (malformed JSON). */
    line?: number;
    column?: number;
}

/** Thrown when a config file is invalid; carries every issue found, not only the first. */
export class ConfigError extends Error {
    readonly issues: ConfigIssue[];

    constructor(issues: ConfigIssue[]) {
        super(issues.map(formatIssue).join('\n'));
        this.name = 'ConfigError';
        this.issues = issues;
    }
}

/** Wrong command-line usage (exit code 2). */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'UsageError';
    }
}

/** A failure that is neither bad config nor bad usage (exit code 1), with a plain-words message. */
export class GeneratorError extends Error {
    readonly hint?: string;

    constructor(message: string, hint?: string) {
        super(message);
        this.name = 'GeneratorError';
        this.hint = hint;
    }
}

export function formatIssue(issue: ConfigIssue): string {
    const position = issue.line !== undefined ? `:${issue.line}:${issue.column ?? 1}` : '';
    const head = `${issue.file}${position}: ${issue.path}: ${issue.message}`;
    return issue.hint ? `${head}\n    hint: ${issue.hint}` : head;
}
