// Apex exceptions as JS exceptions, and the built-in exception hierarchy (System namespace).
import { ApexPlatformError, ApexRuntimeUnsupported } from '../errors';
import { ApexObject, ClassInfo } from './types';

/** An Apex exception in flight. `value` is the exception object (user or built-in class). */
export class ApexThrow extends Error {
    constructor(public value: ApexObject) {
        super(value.exc?.message ?? '');
        this.name = 'ApexThrow';
    }
}

/**
 * Exceptions Apex code cannot catch: System.LimitException (Execution Governors and Limits) and assertion
 * failures (Assert class reference: "You can't catch an assertion failure using a try/catch block").
 */
export class ApexLimitThrow extends ApexThrow {}

/** A compile-time style error in user code (unknown variable, wrong arguments…). */
export class ApexCompileError extends Error {
    constructor(
        message: string,
        public file: string,
        public line: number
    ) {
        super(`${message} at ${file}:${line}`);
        this.name = 'ApexCompileError';
    }
}

export const BUILTIN_EXCEPTIONS = [
    'AssertException',
    'AuraHandledException',
    'AsyncException',
    'CalloutException',
    'DmlException',
    'DuplicateMessageException',
    'EmailException',
    'FinalException',
    'HandledException',
    'IllegalArgumentException',
    'InvalidParameterValueException',
    'JSONException',
    'LimitException',
    'ListException',
    'MathException',
    'NoAccessException',
    'NoDataFoundException',
    'NoSuchElementException',
    'NullPointerException',
    'QueryException',
    'RequiredFeatureMissingException',
    'SearchException',
    'SecurityException',
    'SerializationException',
    'SObjectException',
    'StringException',
    'TypeException',
    'UnexpectedException',
    'VisualforceException',
    'XmlException'
];

/**
 * Exceptions of other namespaces, by full name (Apex Reference, "Cache Exceptions"): the Cache namespace's, thrown by
 * Platform Cache (stdlib/platform-cache.ts).
 */
export const NAMESPACED_EXCEPTIONS = [
    'Cache.Org.OrgCacheException',
    'Cache.Session.SessionCacheException',
    'Cache.Session.SessionCacheNoSessionException',
    'Cache.InvalidParamException',
    'Cache.ItemSizeLimitExceededException',
    'Cache.PlatformCacheInvalidOperationException'
];

export function describeApexError(e: unknown): { type: string; message: string } | null {
    if (e instanceof ApexThrow) return { type: e.value.cls.apexName, message: e.value.exc?.message ?? '' };
    if (e instanceof ApexPlatformError) return { type: e.apexType, message: e.message };
    return null;
}

export function isUnsupported(e: unknown): e is ApexRuntimeUnsupported {
    return e instanceof ApexRuntimeUnsupported || (e as Error)?.name === 'ApexRuntimeUnsupported';
}

export function exceptionString(o: ApexObject): string {
    const m = o.exc?.message;
    return m === null || m === undefined ? o.cls.apexName : `${o.cls.apexName}: ${m}`;
}

export type { ClassInfo };
