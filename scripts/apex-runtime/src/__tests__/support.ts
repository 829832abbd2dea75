/**
 * Shared fixtures for the data-layer tests (db / dml / soql): schema loading, a seeded database, row and record
 * builders, seeded users and error capture. Not a test file itself (no `*.test.ts`).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AccessModel, Database, SObject } from '../db';
import { SchemaRegistry } from '../schema';
import { ApexId, resetRuntimeSettings, setRuntimeSettings } from '../values';
import { ApexPlatformError } from '../errors';
import { writeFixtureProject } from '../schema/__tests__/fixture';

export { writeFixtureProject };

/** The fixture project's schema (`writeFixtureProject(opts)`), loaded. */
export const fixtureSchema = (opts: { automation?: boolean } = {}): SchemaRegistry =>
    SchemaRegistry.load(writeFixtureProject(opts));

/** A fresh database over `schema`, seeded like a new org. */
export function seededDb(schema: SchemaRegistry): Database {
    const db = new Database(schema);
    db.seed();
    return db;
}

/** Writes an SFDX project with the given files under force-app/main/default; returns its folder. */
export function writeProject(prefix: string, files: (w: (rel: string, text: string) => void) => void): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const w = (rel: string, text: string) => {
        const p = path.join(dir, 'force-app/main/default', rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, text);
    };
    fs.writeFileSync(
        path.join(dir, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app' }] })
    );
    files(w);
    return dir;
}

/** Inserts a raw row (no DML checks) and returns its Id. */
export function insertRow(db: Database, obj: string, vals: Record<string, unknown>): ApexId {
    const m = new Map<string, never>();
    for (const [k, v] of Object.entries(vals)) m.set(k.toLowerCase(), v as never);
    return db.insertRow(db.schema.getObject(obj)!, m).get('id') as ApexId;
}

/** An in-memory SObject of type `obj` with the given field values (not inserted). */
export function newRecord(schema: SchemaRegistry, obj: string, vals: Record<string, unknown>): SObject {
    const s = new SObject(schema.getObject(obj)!);
    for (const [k, v] of Object.entries(vals)) s.put(k, v as never);
    return s;
}

/** Id of the seeded permission set with this name. */
export function permissionSetId(db: Database, name: string) {
    return db
        .rows('PermissionSet')
        .find((r) => r.get('name') === name)!
        .get('id');
}

/** Inserts a User with the seeded profile (and optionally a permission set assignment); returns the Id value. */
export function createUser(db: Database, alias: string, profile: string, permSet?: string): string {
    const id = insertRow(db, 'User', {
        Username: `${alias}@example.com.invalid`,
        LastName: alias,
        Email: `${alias}@example.com`,
        Alias: alias,
        ProfileId: new ApexId(db.seeded.profiles[profile])
    });
    if (permSet)
        insertRow(db, 'PermissionSetAssignment', { AssigneeId: id, PermissionSetId: permissionSetId(db, permSet) });
    return id.value;
}

/** The error `fn` throws (fails the test when it throws nothing). */
export function thrown(fn: () => unknown): Error {
    try {
        fn();
    } catch (e) {
        return e as Error;
    }
    throw new Error('no error');
}

/** The ApexPlatformError `fn` throws; any other error propagates. */
export function platformError(fn: () => unknown): ApexPlatformError {
    try {
        fn();
    } catch (e) {
        if (e instanceof ApexPlatformError) return e;
        throw e;
    }
    throw new Error('no error');
}

/** Fixed runtime settings (clock, time zone) for every test of the calling file; reset after each test. */
export function useRuntimeSettings(settings: Parameters<typeof setRuntimeSettings>[0]): void {
    beforeEach(() => setRuntimeSettings(settings));
    afterEach(() => resetRuntimeSettings());
}

/** The seeded users of the access tests: admin (running user), reader (Req_Reader), plain, minimal. */
export function seedAccessUsers(db: Database) {
    const model = new AccessModel(db);
    return {
        model,
        admin: db.runningUserId,
        reader: createUser(db, 'reader', 'Standard User', 'Req_Reader'),
        plain: createUser(db, 'plain', 'Standard User'),
        minimal: createUser(db, 'minimal', 'Minimum Access - Salesforce')
    };
}
