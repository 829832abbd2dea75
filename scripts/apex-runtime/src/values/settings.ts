/**
 * Running-user settings the value layer depends on (time zone, locale, clock). The settings in force are the running
 * session's own when it was given some (SessionOptions.settings: context.ts), else the process-wide ones; the
 * functions below read and change the settings in force (System.runAs switches them to the user's).
 *
 * Defaults: America/Los_Angeles + en_US (a new scratch org's default user), real clock.
 * Call `setRuntimeSettings({ now: () => fixedMs })` for a deterministic clock.
 */
import { activeContext } from '../context';

export interface RuntimeSettings {
    /** IANA time zone id (User.TimeZoneSidKey), e.g. 'America/Los_Angeles', 'GMT', 'Europe/Berlin'. */
    timeZone: string;
    /** Salesforce locale (User.LocaleSidKey), e.g. 'en_US', 'de_DE', 'en_GB'. */
    locale: string;
    /** Current instant in epoch milliseconds. */
    now: () => number;
    /** Locale format set for format() without a pattern: ICU (orgs since Winter '20, default) or JDK. */
    localeFormats?: 'ICU' | 'JDK';
}

const defaults: RuntimeSettings = {
    timeZone: 'America/Los_Angeles',
    locale: 'en_US',
    now: () => Date.now()
};

/** the process-wide settings: those of every session without its own */
let processSettings: RuntimeSettings = { ...defaults };

/** The settings in force: the running session's own (SessionOptions.settings), else the process-wide ones. */
export function runtimeSettings(): RuntimeSettings {
    return activeContext().settings ?? processSettings;
}

/** Change the process-wide settings (a session given its own settings keeps them). */
export function setRuntimeSettings(patch: Partial<RuntimeSettings>): RuntimeSettings {
    processSettings = { ...processSettings, ...patch };
    return processSettings;
}

export function resetRuntimeSettings(): void {
    processSettings = { ...defaults };
}

/** Change the settings in force (System.runAs switches to the user's time zone and locale, then back). */
export function setSettingsInForce(next: RuntimeSettings): void {
    const ctx = activeContext();
    if (ctx.settings) ctx.settings = next;
    else processSettings = next;
}

/** The test inputs `--now` and `--timezone`: where the clock starts and the running user's time zone. */
export interface ClockOptions {
    /** epoch ms the clock shows when the run starts; it then advances with real time */
    startAt?: number;
    /** IANA id, the default running user's TimeZoneSidKey */
    timeZone?: string;
}

/**
 * Runs `fn` with the clock and time zone of `clock`, then restores the settings. The clock advances from
 * `startAt` at real speed, so `Datetime.now()` keeps moving forward within a run as it does on the platform.
 */
export function withClock<T>(clock: ClockOptions, fn: () => T): T {
    const saved = processSettings;
    const realStart = Date.now();
    const { startAt, timeZone } = clock;
    processSettings = {
        ...processSettings,
        ...(timeZone !== undefined ? { timeZone: checkTimeZone(timeZone) } : {}),
        ...(startAt !== undefined ? { now: () => startAt + (Date.now() - realStart) } : {})
    };
    try {
        return fn();
    } finally {
        processSettings = saved;
    }
}

/** An ISO-8601 instant with an explicit zone (`Z` or `±hh:mm`): a local time without a zone would be ambiguous. */
export function parseInstant(text: string): number {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
    const ms = iso.test(text) ? Date.parse(text) : NaN;
    if (Number.isNaN(ms))
        throw new Error(
            `not an ISO-8601 instant with a zone: "${text}" (e.g. 2026-12-05T03:50:00Z or 2026-12-05T04:50:00+01:00)`
        );
    return ms;
}

/** An IANA time zone id the host knows (Salesforce's TimeZoneSidKey values are IANA ids). */
export function checkTimeZone(id: string): string {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: id });
    } catch {
        throw new Error(`unknown time zone "${id}": use an IANA id such as America/Los_Angeles, Europe/Berlin or GMT`);
    }
    return id;
}
