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
