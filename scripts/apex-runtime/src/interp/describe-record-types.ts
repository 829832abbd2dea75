// Schema.RecordTypeInfo (Apex Reference, "RecordTypeInfo Class"): the record types of an object are the project's
// (objects/<Object>/recordTypes, seeded as RecordType rows) plus the Master record type every object describes
// (Id 012000000000000AAA). Availability and the default mapping depend on the running user's profile, which the
// runtime does not model: isAvailable() and isDefaultRecordTypeMapping() are Unsupported.
import * as V from '../values';
import { ApexList, ApexMap } from '../collections';
import type { Database } from '../db';
import type { SObjectInfo } from '../schema';
import type { Interpreter } from './interpreter';
import { registerNative } from './natives';
import { NativeObject, type RType } from './types';

const MASTER_ID = '012000000000000AAA';
const INFO: RType = { k: 'native', name: 'Schema.RecordTypeInfo' };

interface RecordTypeState {
    id: V.ApexId;
    name: string;
    developerName: string;
    active: boolean;
    master: boolean;
}

function infosOf(it: Interpreter, o: SObjectInfo): NativeObject[] {
    const db = it.services.database as Database | undefined;
    if (!db) return it.unsupported('RecordTypeInfo (no database loaded)');
    const out: RecordTypeState[] = db
        .rows('RecordType')
        .filter((r) => String(r.get('sobjecttype')).toLowerCase() === o.name.toLowerCase())
        .map((r) => ({
            id: r.get('id') as V.ApexId,
            name: String(r.get('name')),
            developerName: String(r.get('developername')),
            active: r.get('isactive') === true,
            master: false
        }));
    out.push({ id: new V.ApexId(MASTER_ID), name: 'Master', developerName: 'Master', active: true, master: true });
    return out.map((s) => new NativeObject('Schema.RecordTypeInfo', s as unknown as Record<string, unknown>));
}

const st = (self: unknown) => (self as NativeObject).state as unknown as RecordTypeState;

export function recordTypeInfos(
    it: Interpreter,
    o: SObjectInfo,
    by: 'list' | 'developerName' | 'name' | 'id'
): unknown {
    const infos = infosOf(it, o);
    if (by === 'list') return new ApexList(INFO, infos);
    const m = new ApexMap(by === 'id' ? { k: 'prim', name: 'Id' } : { k: 'prim', name: 'String' }, INFO);
    for (const i of infos) {
        const s = st(i);
        m.set(by === 'id' ? s.id : by === 'name' ? s.name : s.developerName, i);
    }
    return m;
}

registerNative({
    name: 'Schema.RecordTypeInfo',
    methods: {
        getrecordtypeid: (_it, _a, self) => st(self).id,
        getname: (_it, _a, self) => st(self).name,
        getdevelopername: (_it, _a, self) => st(self).developerName,
        isactive: (_it, _a, self) => st(self).active,
        ismaster: (_it, _a, self) => st(self).master,
        isavailable: (it) => it.unsupported('RecordTypeInfo.isAvailable (profile record type visibility)'),
        isdefaultrecordtypemapping: (it) =>
            it.unsupported('RecordTypeInfo.isDefaultRecordTypeMapping (profile default record type)')
    }
});
