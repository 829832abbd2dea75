// System.Request (Apex Reference: "Request Class"): `Request.getCurrent().getRequestId()` identifies the current
// request; every asynchronous execution (Queueable, @future, batch, finalizer) is a request of its own.
// The platform's Id format is not documented: the local one is an opaque 22-character string.
// `getQuiddity()` (the execution context) is Unsupported: which value a test run reports is not modelled.
import * as crypto from 'node:crypto';
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { NativeObject } from '../interp/types';
import { arity } from './core';

const requestIds = new WeakMap<object, string>();

function currentRequestKey(it: Interpreter): object {
    const stack = it.services.asyncStack as object[] | undefined;
    if (stack?.length) return stack[stack.length - 1];
    if (it.services.scheduledDepth) return it.unsupported('Request.getRequestId inside a scheduled job');
    return it.tx;
}

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
            getrequestid: (_it, _a, self) => (self as NativeObject).state.id as string
        }
    },
    'system.request'
);
