// Platform events (Apex Reference "EventBus Class", "TestBroker Class"; Platform Events Developer Guide "Publish
// Event Messages with Apex", "Deliver Test Event Messages"):
// - EventBus.publish(event | List) takes instances of `X__e` objects defined in the project and returns
//   Database.SaveResult(s); it does not throw for a failed publish. Each call counts as one DML statement and the
//   events as DML rows ("Apex governor limits apply, including DML limits. Each method execution is counted as one
//   DML statement").
// - In a test, publish only enqueues: Test.stopTest() and Test.getEventBus().deliver() deliver the queued events to
//   the `after insert` triggers of their object. Outside a test they are delivered after the transaction.
// - Each delivery runs the triggers of one event object with up to 2000 events (trigger batch size) as its own
//   transaction, started asynchronously but with the SYNCHRONOUS limit table (Platform Events Developer Guide,
//   "Subscribe to Platform Event Notifications with Apex Triggers" > "Platform Event Triggers and Apex Governor
//   Limits": "When governor limits are different for synchronous and asynchronous Apex, the synchronous limits apply
//   to platform event triggers"): e.g. 100 SOQL, 50 System.enqueueJob; DML rolled back on failure.
// Not modelled (unsupported): EventBus.TriggerContext / resume checkpoints, RetryableException, publish callbacks,
// Test.getEventBus().fail(), an unhandled exception in an event trigger (its test-visible effect is not documented),
// events published before Test.startTest() still queued at stopTest(), change data capture events.
// - The triggers run as the Automated Process user, or as the user (and in batches of the size) that the
//   trigger's PlatformEventSubscriberConfig names (interp/data-bridge.ts eventSubscriber); CreatedById of an
//   event is its publisher.
import * as crypto from 'node:crypto';
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { NativeObject } from '../interp/types';
import { ApexList } from '../collections';
import { PUBLISH_IMMEDIATE_LIMIT, SYNC_LIMITS } from '../limits/limits';
import type { Database, SObject } from '../db';
import { TriggerExecutionError, withDefaults, type DmlRowResult } from '../dml/dml';
import { ApexThrow } from '../interp/exceptions';
import * as V from '../values';
import { arity } from './core';
import { dataService } from '../interp/runtime-services';

export interface PendingEvent {
    type: string;
    record: SObject;
    /** published in a test before Test.startTest() */
    beforeStart: boolean;
}

const isSObject = (v: unknown): v is SObject =>
    v !== null && typeof v === 'object' && (v as { kind?: string }).kind === 'SObject';

function pending(it: Interpreter): PendingEvent[] {
    const t = it.services.test as { events?: PendingEvent[] };
    return (t.events ??= []);
}

function publish(it: Interpreter, args: unknown[]): unknown {
    arity(it, args, 1, 2);
    if (args.length === 2) return it.unsupported('EventBus.publish with a publish callback');
    const arg = args[0];
    if (arg === null || arg === undefined) return it.npe();
    const single = !(arg instanceof ApexList);
    const items = single ? [arg] : (arg as ApexList).items;
    for (const e of items) {
        if (e === null) return it.npe();
        if (!isSObject(e) || !e.info.isPlatformEvent)
            return it.unsupported(`EventBus.publish of ${it.typeOf(e)} (only platform events X__e are modelled)`);
    }
    const limits = it.tx.limits;
    limits.dml();
    limits.dmlRows(items.length);
    limits.eventPublishes++;
    if (items.some((e) => (e as SObject).info.publishBehavior !== 'PublishAfterCommit')) {
        // "Maximum number of EventBus.publish calls for platform events configured to publish immediately: 150"
        // (Execution Governors and Limits); the message past it is not documented
        if (++limits.immediatePublishes > PUBLISH_IMMEDIATE_LIMIT)
            return it.unsupported('more than 150 EventBus.publish calls of publish-immediately events');
    }
    const t = it.services.test as { running: boolean; inStartStop: boolean; startCalled: boolean };
    const results: NativeObject[] = [];
    items.forEach((e, index) => {
        // the published message carries the field defaults (as an insert would); checkboxes are never null
        const rec = withDefaults(e as SObject, (it.services.database as Database).runningUserId);
        for (const f of rec.info.fields.values())
            if (f.type === 'Checkbox' && f.createable && (rec.getRaw(f.name) ?? null) === null)
                rec.setRaw(f.name, false);
        const missing = [...rec.info.fields.values()]
            .filter((f) => f.required && f.createable)
            .filter((f) => {
                const v = rec.getRaw(f.name);
                return v === undefined || v === null || v === '';
            })
            .map((f) => f.name);
        const row: DmlRowResult = missing.length
            ? {
                  index,
                  id: null,
                  success: false,
                  // same status code and text as a DML insert (unverified for events)
                  errors: [
                      {
                          statusCode: 'REQUIRED_FIELD_MISSING',
                          message: `Required fields are missing: [${missing.join(', ')}]`,
                          fields: missing
                      }
                  ]
              }
            : { index, id: it.ctx.ids.next(rec.info.keyPrefix), success: true, errors: [] };
        if (row.success) rec.setRaw('CreatedById', it.services.user().id);
        if (row.success)
            pending(it).push({
                type: rec.info.name,
                record: rec,
                beforeStart: t.running && !t.startCalled
            });
        results.push(new NativeObject('Database.SaveResult', { r: row }));
    });
    return single ? results[0] : new ApexList({ k: 'native', name: 'Database.SaveResult' }, results);
}

/** Delivers every queued event; returns true when something was delivered. */
export function deliverEvents(it: Interpreter, atStopTest: boolean): boolean {
    const queue = pending(it);
    if (!queue.length) return false;
    if (atStopTest && queue.some((e) => e.beforeStart))
        it.unsupported('platform events published before Test.startTest() and still queued at Test.stopTest()');
    const batch = queue.splice(0, queue.length);
    const s = it.services;
    const byType = new Map<string, SObject[]>();
    for (const e of batch) {
        const r = e.record;
        r.setRaw('ReplayId', String(++it.ctx.eventReplay));
        // an event made by newSObject(null, true) already carries its EventUuid, the one publish callbacks correlate
        if (!r.isSet('EventUuid') || r.get('EventUuid') === null) r.setRaw('EventUuid', crypto.randomUUID());
        r.setRaw('CreatedDate', V.ApexDatetime.now());
        byType.set(e.type, [...(byType.get(e.type) ?? []), r]);
    }
    const subscriberOf = s.eventSubscriber as
        ((it2: Interpreter, type: string) => { userId: string; batchSize: number }) | undefined;
    const asUser = s.asUser;
    for (const [type, recs] of byType) {
        if (!subscriberOf || !asUser)
            return it.unsupported('platform event triggers without the data layer (running user unknown)');
        const subscriber = subscriberOf(it, type);
        for (let i = 0; i < recs.length; i += subscriber.batchSize) {
            const chunk = recs.slice(i, i + subscriber.batchSize);
            const limits = it.tx.limits;
            const savedWork = limits.uncommittedWork;
            limits.push(SYNC_LIMITS); // synchronous limits, fresh for the trigger's own transaction
            limits.uncommittedWork = false;
            try {
                asUser(subscriber.userId, () =>
                    s.asyncExecution(() =>
                        dataService(
                            it,
                            'fireTriggers',
                            'platform event triggers'
                        )({
                            sobjectType: type,
                            timing: 'after',
                            op: 'insert',
                            newList: chunk,
                            oldList: null
                        })
                    )
                );
            } catch (e) {
                // an Apex exception (or a limit) ending the trigger: its effect on the test is not documented;
                // unsupported constructs and internal errors pass through unchanged
                if (!(e instanceof TriggerExecutionError) && !(it.toApexThrow(e) instanceof ApexThrow)) throw e;
                return it.unsupported(
                    `an unhandled exception in a platform event trigger on ${type} (delivery result not documented)`
                );
            } finally {
                limits.pop();
                limits.uncommittedWork = savedWork;
            }
        }
    }
    return true;
}

registerNative(
    {
        name: 'EventBus',
        statics: {
            publish: (it, a) => publish(it, a)
        }
    },
    'eventbus',
    'system.eventbus'
);
registerNative(
    {
        name: 'EventBus.TestBroker',
        methods: {
            deliver: (it, a) => {
                arity(it, a, 0);
                deliverEvents(it, false);
                return null;
            },
            fail: (it) => it.unsupported('Test.getEventBus().fail()')
        }
    },
    'eventbus.testbroker'
);
