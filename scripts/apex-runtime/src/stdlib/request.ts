// System.Request (Apex Reference: "Request Class"): `Request.getCurrent().getRequestId()` identifies the current
// request; every asynchronous execution (Queueable, @future, batch, finalizer) is a request of its own.
// The platform's Id format is not documented: the local one is an opaque 22-character string.
// `getQuiddity()` (Apex Reference: "Quiddity Enum") names the execution context: QUEUEABLE, FUTURE, BATCH_APEX inside
// those jobs, RUNTEST_ASYNC in a test method (tests run as `sf apex run test` runs them, asynchronously),
// ANONYMOUS for anonymous Apex; a scheduled job or a finalizer is Unsupported (not modelled).
import * as crypto from 'node:crypto';
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { EnumValue, NativeObject } from '../interp/types';
import { arity } from './core';

const requestIds = new WeakMap<object, string>();

function currentRequestKey(it: Interpreter): object {
    const stack = it.services.asyncStack as object[] | undefined;
    if (stack?.length) return stack[stack.length - 1];
    if (it.services.scheduledDepth) return it.unsupported('Request.getRequestId inside a scheduled job');
    return it.tx;
}

const QUIDDITIES = [
    'ANONYMOUS',
    'AURA',
    'BATCH_ACS',
    'BATCH_APEX',
    'BATCH_CHUNK_PARALLEL',
    'BATCH_CHUNK_SERIAL',
    'BULK_API',
    'COMMERCE_INTEGRATION',
    'DISCOVERABLE_LOGIN',
    'FUNCTION_CALLBACK',
    'FUTURE',
    'INBOUND_EMAIL_SERVICE',
    'INVOCABLE_ACTION',
    'IOT',
    'PLATFORM_EVENT_PUBLISH_CALLBACK',
    'POST_INSTALL_SCRIPT',
    'QUEUEABLE',
    'QUICK_ACTION',
    'REMOTE_ACTION',
    'REST',
    'RUNTEST_ASYNC',
    'RUNTEST_DEPLOY',
    'RUNTEST_SYNC',
    'SCHEDULED',
    'SOAP',
    'SYNCHRONOUS',
    'TRANSACTION_FINALIZER_QUEUEABLE',
    'VF'
];
const quiddity = new Map(QUIDDITIES.map((n, i) => [n.toLowerCase(), new EnumValue('System.Quiddity', n, i)]));

function currentQuiddity(it: Interpreter): EnumValue {
    const q = (name: string) => quiddity.get(name.toLowerCase())!;
    if (it.services.scheduledDepth) return it.unsupported('Request.getQuiddity inside a scheduled job');
    const stack = it.services.asyncStack as { kind: string; batch?: boolean; inFinalizer?: boolean }[] | undefined;
    if (stack?.length) {
        const top = stack[stack.length - 1];
        if (top.inFinalizer) return it.unsupported('Request.getQuiddity inside a transaction finalizer');
        if (stack.some((j) => j.batch)) return q('BATCH_APEX');
        return q(top.kind === 'future' ? 'FUTURE' : 'QUEUEABLE');
    }
    return q(it.services.test?.running ? 'RUNTEST_ASYNC' : 'ANONYMOUS');
}

registerNative(
    {
        name: 'Quiddity',
        staticProps: Object.fromEntries([...quiddity].map(([k, v]) => [k, () => v]))
    },
    'system.quiddity'
);

registerNative(
    {
        name: 'Request',
        statics: {
            getcurrent: (it, a) => {
                arity(it, a, 0);
                const key = currentRequestKey(it);
                let id = requestIds.get(key);
                if (!id) requestIds.set(key, (id = crypto.randomBytes(16).toString('base64url').slice(0, 22)));
                return new NativeObject('Request', { id });
            }
        },
        methods: {
            getrequestid: (_it, _a, self) => (self as NativeObject).state.id as string,
            getquiddity: (it, a) => {
                arity(it, a, 0);
                return currentQuiddity(it);
            }
        }
    },
    'system.request'
);
