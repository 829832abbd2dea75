/**
 * Running-user settings the value layer depends on (time zone, locale, clock). One mutable
 * object; the interpreter sets it per transaction / System.runAs user.
 *
 * Defaults: America/Los_Angeles + en_US (a new scratch org's default user), real clock.
 * Call `setRuntimeSettings({ now: () => fixedMs })` for a deterministic clock.
 */
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

let current: RuntimeSettings = { ...defaults };

export function runtimeSettings(): RuntimeSettings {
    return current;
}

export function setRuntimeSettings(patch: Partial<RuntimeSettings>): RuntimeSettings {
    current = { ...current, ...patch };
    return current;
}

export function resetRuntimeSettings(): void {
    current = { ...defaults };
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
    const saved = current;
    const realStart = Date.now();
    const { startAt, timeZone } = clock;
    current = {
        ...current,
        ...(timeZone !== undefined ? { timeZone: checkTimeZone(timeZone) } : {}),
        ...(startAt !== undefined ? { now: () => startAt + (Date.now() - realStart) } : {})
    };
    try {
        return fn();
    } finally {
        current = saved;
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
