/**
 * SOQL evaluator over the in-memory Database.
 *
 * Semantics (sources):
 * - Unqueried field reads on results throw (Apex Developer Guide, "Working with SOQL and SOSL Query
 *   Results"; §2 #28) — handled by SObject.queried.
 * - String comparison and LIKE are case-insensitive; deleted rows are hidden unless ALL ROWS
 *   (§2 #29 [Known]); `%`/`_` wildcards (SOQL Reference, "Comparison Operators", LIKE).
 * - ORDER BY: ASC default; NULLS FIRST unless NULLS LAST is stated, in either direction (SOQL Reference, "ORDER BY").
 * - `SELECT COUNT()` returns an Integer (§2 #30); aggregate results use `expr0`, `expr1`… for
 *   unaliased aggregates (SOQL Reference, "Using Aliases with GROUP BY").
 * - Without ORDER BY the order is unspecified on the platform; here it is insertion (Id) order.
 * - WITH USER_MODE / SECURITY_ENFORCED run without any FLS/sharing model (§3.7 #3) and report a
 *   fidelity note.
 * - Custom metadata queries do not count against the SOQL limit (§2 #32).
 */
import { ApexPlatformError, ApexRuntimeUnsupported, queryError, SourcePos } from '../errors';
import {
    ApexDate,
    ApexDatetime,
    ApexDecimal,
    ApexId,
    ApexInteger,
    ApexLong,
    ApexPrimitive,
    arith,
    isApexNumber,
    isIdFormat,
    primitiveCompare,
    primitiveEquals,
    primitiveHashKey,
    to18,
    runtimeSettings
} from '../values';
import type { Database, Row, AccessModel, AccessAnswer } from '../db';
import { SObject, combine, isUndecided } from '../db';
import type { ChildRelationship, FieldInfo, SObjectInfo, SchemaRegistry } from '../schema';
import {
    ADDRESS_PARTS,
    compoundFieldGap,
    definitionRow,
    durableIdGap,
    isCatalogueGap,
    isDefinitionObject,
    parseFieldSpec,
    queryableByType,
    TEXT_FIELD_TYPES
} from '../schema';
import { isOneKeyTypo } from '../schema/typos';
import { STANDARD_OBJECT_NAMES } from '../typecheck/standard-objects';
import type { AggFn, Cond, DateFnSpec, SelectItem, SoqlQuery, TypeOfItem, ValueExpr } from './ast';
import { parseSoql } from './lower';
import { dateLiteralRange, DayRange } from './dates';
import { currentLimits } from '../limits/limits';
import { opaqueRows, OpaqueRows } from '../db/setup-permissions';

/** Provided by the interpreter (docs/apex-runtime-internals.md). */
export interface BindContext {
    /** evaluate the i-th bind (inline SOQL) in the current Apex scope */
    evalBind?(index: number): unknown;
    /** resolve a simple variable name (Database.query dynamic binds) */
    lookupVar?(name: string): unknown;
    /** Database.queryWithBinds map (keys case-insensitive per docs? treated case-insensitively here) */
    bindMap?: Map<string, unknown>;
}

export interface QueryEnv {
    db: Database;
    binds?: BindContext;
    site?: SourcePos;
    /** receives fidelity notes (USER_MODE without FLS…) */
    onFidelityNote?: (note: string) => void;
    /** count SOQL / query-row limits (default true) */
    countLimits?: boolean;
    /** the query runs in an Apex test (no user session: see opaqueRows) */
    inTest?: boolean;
    /**
     * Access model for user mode. When given, `WITH USER_MODE` / `WITH SECURITY_ENFORCED` (and every query
     * when `forceUserMode`, i.e. AccessLevel.USER_MODE) are checked against it: denied object/field access
     * → QueryException, undecidable access → ApexRuntimeUnsupported, invisible rows are filtered.
     * Without it those clauses run unchecked and only a fidelity note is reported.
     */
    access?: {
        model: AccessModel;
        userId: string;
        forceUserMode?: boolean;
        /**
         * Code runs `with sharing` (or inherits it): rows are filtered by record visibility even in system
         * mode ("in system mode [sharing rules] are controlled by sharing keywords on the class").
         */
        withSharing?: boolean;
    };
}

/** One AggregateResult row: case-insensitive `get(alias)`. */
export class AggregateRow {
    readonly kind = 'AggregateResult' as const;
    readonly values = new Map<string, ApexPrimitive>();
    readonly names: string[] = [];
    set(name: string, v: ApexPrimitive) {
        if (!this.values.has(name.toLowerCase())) this.names.push(name);
        this.values.set(name.toLowerCase(), v);
    }
    get(name: string): ApexPrimitive {
        const l = name.toLowerCase();
        if (!this.values.has(l))
            throw new ApexPlatformError('System.SObjectException', `Invalid field ${name} for AggregateResult`);
        return this.values.get(l)!;
    }
}

export type QueryResult =
    | { kind: 'records'; sobjectType: string; records: SObject[] }
    | { kind: 'count'; count: number }
    | { kind: 'aggregate'; rows: AggregateRow[] };

/** Parse (cached) and run a SOQL string. */
export function runQuery(text: string, env: QueryEnv): QueryResult {
    return new Evaluator(env).run(parseSoql(text, env.site));
}

/**
 * Static check for `apexrt check`: parse, lower and validate objects/fields of a query against the schema
 * without running it. Throws QueryException (unknown field/relationship, syntax) or ApexRuntimeUnsupported
 * (unsupported construct, unknown object, formula field).
 */
export function checkSoql(text: string, schema: SchemaRegistry, site?: SourcePos): SoqlQuery {
    const q = parseSoql(text, site);
    const ev = new Evaluator({ db: { schema } as unknown as Database, site });
    ev.check(q);
    return q;
}

/**
 * `SObject s = [SELECT …]` — exactly one row (§2 #27): "List has no rows for assignment to SObject",
 * "List has more than 1 row for assignment to SObject".
 */
export function singleRow(records: SObject[]): SObject {
    if (records.length === 0) throw queryError('List has no rows for assignment to SObject');
    if (records.length > 1) throw queryError('List has more than 1 row for assignment to SObject');
    return records[0];
}

const noSuchColumn = (field: string, obj: string) =>
    queryError(
        `No such column '${field}' on entity '${obj}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
    );

type Resolved = ApexPrimitive;

/** The query API's name of the type a bare (unquoted) literal must have for a field of this Apex type. */
const BARE_LITERAL_TYPE: Partial<Record<string, string>> = { Decimal: 'double', Date: 'date', Datetime: 'dateTime' };

class Evaluator {
    private readonly db: Database;
    constructor(private env: QueryEnv) {
        this.db = env.db;
    }

    private unsupported(what: string): never {
        throw new ApexRuntimeUnsupported(`SOQL ${what}`, this.env.site);
    }

    private childRows = 0;
    /** user-mode sharing context of the current execution */
    private sharing: QueryEnv['access'];

    private visible(info: SObjectInfo, row: Row): boolean {
        const a = this.env.access!.model.recordVisible(this.env.access!.userId, info, row);
        if (a.result === 'unknown')
            throw new ApexRuntimeUnsupported(`user-mode record visibility: ${a.reason}`, this.env.site);
        return a.result === 'allow';
    }

    /**
     * Object and field access for user mode (Apex Developer Guide, "Enforce User Mode for Database Operations":
     * USER_MODE checks every clause including WHERE; SECURITY_ENFORCED only SELECT and FROM).
     * Messages: user mode — custom metadata types → SecurityException "Access to entity 'X' denied", other
     * objects → QueryException "sObject type 'X' is not supported…", fields → QueryException
     * "No such column 'F' on entity 'X'…" ([Obs] both, from public debug logs / project notes); WITH
     * SECURITY_ENFORCED — fields → "Insufficient permissions: secure query included inaccessible field", objects →
     * "sObject type 'X' is not supported…" (UNVERIFIED). Details carry `inaccessibleFields`.
     */
    private checkAccess(q: SoqlQuery, info: SObjectInfo) {
        const { model, userId } = this.env.access!;
        const objects = new Map<string, SObjectInfo>();
        const fields = new Map<string, { obj: SObjectInfo; f: FieldInfo }>();
        const addPath = (base: SObjectInfo, path: string[], selected = false) => {
            // resolve first: an unknown or unmodelled field reports as it does in system mode
            this.fieldAt(base, path, selected);
            let p = this.normPath(base, path);
            let cur = base;
            objects.set(cur.name, cur);
            while (p.length > 1) {
                const rf = this.db.schema.relationshipField(cur.name, p[0])!;
                fields.set(`${cur.name}.${rf.name}`, { obj: cur, f: rf });
                if (isPolymorphicType(rf, p, 0)) return; // Type of the Name record: no field of its own
                cur = this.db.schema.getObject(rf.referenceTo![0])!;
                objects.set(cur.name, cur);
                p = p.slice(1);
            }
            const f = cur.fields.get(p[0].toLowerCase())!;
            fields.set(`${cur.name}.${f.name}`, { obj: cur, f });
        };
        const visitCond = (base: SObjectInfo, c: Cond | undefined): void => {
            if (!c) return;
            if (c.kind === 'and' || c.kind === 'or') c.items.forEach((x) => visitCond(base, x));
            else if (c.kind === 'not') visitCond(base, c.item);
            else if (c.left.path) addPath(base, c.left.path);
        };
        const enforcedOnly = q.withMode === 'SECURITY_ENFORCED';
        const visitQuery = (base: SObjectInfo, x: SoqlQuery) => {
            objects.set(base.name, base);
            for (const s of x.select) {
                if (s.kind === 'field') addPath(base, s.path, true);
                else if (s.kind === 'typeof') {
                    // the WHEN fields are checked on their own types; which type an ELSE covers depends on the rows
                    this.validateTypeOf(x, base, s);
                    const rf = this.db.schema.relationshipField(base.name, s.rel[0])!;
                    fields.set(`${base.name}.${rf.name}`, { obj: base, f: rf });
                    if (s.otherwise) this.unsupported(`TYPEOF ${s.rel.join('.')} ELSE in a user-mode query`);
                    for (const w of s.whens) {
                        const target = this.db.schema.getObject(w.type)!;
                        for (const f of w.fields) addPath(target, f, true);
                    }
                } else if (s.kind === 'agg' && s.path) addPath(base, s.path);
                else if (s.kind === 'subquery') {
                    const rel = base.childRelationships.get(s.query.from.toLowerCase())!;
                    visitQuery(this.db.schema.getObject(rel.childObject)!, s.query);
                }
            }
            if (!enforcedOnly) {
                visitCond(base, x.where);
                for (const o of x.orderBy) if (o.path) addPath(base, o.path);
                for (const g of x.groupBy) addPath(base, g);
            }
        };
        visitQuery(info, q);
        const answers: AccessAnswer[] = [];
        for (const o of objects.values()) {
            const a = model.objectAccess(userId, o, 'read');
            if (a.result === 'deny' && !enforcedOnly && o.isCustomMetadata) {
                // user mode on a custom metadata type the user has no access to: [Obs] "System.SecurityException:
                // Access to entity 'X' denied" (public project notes and debug-log excerpts; not in the docs)
                throw new ApexPlatformError('System.SecurityException', `Access to entity '${o.name}' denied`);
            }
            // any other object the user cannot read, in user mode as with SECURITY_ENFORCED: [Obs] a public recipe
            // suite run in orgs catches QueryException "sObject type 'Account' is not supported" for a Minimum
            // Access user's WITH USER_MODE query
            if (a.result === 'deny') {
                throw new ApexPlatformError(
                    'System.QueryException',
                    `sObject type '${o.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
                );
            }
            answers.push(a);
        }
        const inaccessible = new Map<string, string[]>();
        for (const { obj, f } of fields.values()) {
            const a = model.fieldAccess(userId, obj, f, 'read');
            if (a.result === 'deny') inaccessible.set(obj.name, [...(inaccessible.get(obj.name) ?? []), f.name]);
            answers.push(a);
        }
        if (inaccessible.size && !enforcedOnly) {
            // user mode: inaccessible fields are reported like unknown columns ([Obs] debug logs of user-mode queries:
            // "System.QueryException: No such column 'Internal_Margin__c' on entity 'Expense__c'");
            // getInaccessibleFields() data in details (Apex Developer Guide, "Enforce User Mode")
            const [obj, names] = [...inaccessible.entries()][0];
            const e = noSuchColumn(names[0], obj);
            throw new ApexPlatformError(e.apexType, e.message, { inaccessibleFields: inaccessible });
        }
        if (inaccessible.size) {
            throw new ApexPlatformError(
                'System.QueryException',
                'Insufficient permissions: secure query included inaccessible field',
                {
                    inaccessibleFields: inaccessible
                }
            );
        }
        const c = combine(answers);
        if (c.result === 'unknown') throw new ApexRuntimeUnsupported(`user-mode access: ${c.reason}`, this.env.site);
    }
    /** child subquery → parent Id → matching child rows (built once per execution) */
    private childIndex = new Map<SoqlQuery, Map<string, Row[]>>();
    /** bind index → value, evaluated once per execution in index order (Apex evaluates every bind once) */
    private bindCache = new Map<number, unknown>();

    private evaluateBinds(q: SoqlQuery) {
        const found: { index: number; text: string }[] = [];
        const visitValue = (v: ValueExpr | undefined): void => {
            if (!v) return;
            if (v.kind === 'bind') found.push(v);
            else if (v.kind === 'list') v.items.forEach(visitValue);
            else if (v.kind === 'semijoin') visitQuery(v.query);
        };
        const visitCond = (c: Cond | undefined): void => {
            if (!c) return;
            if (c.kind === 'and' || c.kind === 'or') c.items.forEach(visitCond);
            else if (c.kind === 'not') visitCond(c.item);
            else visitValue(c.value);
        };
        const visitQuery = (x: SoqlQuery): void => {
            for (const s of x.select) if (s.kind === 'subquery') visitQuery(s.query);
            visitCond(x.where);
            visitCond(x.having);
            visitValue(x.limit);
            visitValue(x.offset);
        };
        visitQuery(q);
        found.sort((a, b) => a.index - b.index);
        for (const b of found)
            if (!this.bindCache.has(b.index)) this.bindCache.set(b.index, normaliseBind(this.bindValue(b)));
    }

    /**
     * FIELDS(ALL|STANDARD|CUSTOM) (SOQL Reference, "FIELDS()"): expands to the object's fields; formula and
     * roll-up summary fields and compound fields (address, geolocation) are left out (reading them stays
     * unsupported). FIELDS(ALL)/(CUSTOM) need a
     * LIMIT of at most 200.
     */
    private expandFields(q: SoqlQuery, info: SObjectInfo): SoqlQuery {
        if (!q.select.some((s) => s.kind === 'fields')) return q;
        const select: SelectItem[] = [];
        for (const s of q.select) {
            if (s.kind !== 'fields') {
                select.push(s);
                continue;
            }
            if (s.which !== 'STANDARD') {
                const lim = q.limit?.kind === 'lit' ? (q.limit.value as ApexDecimal | null) : null;
                if (!lim || lim.toNumber() > 200) {
                    throw queryError(`The SOQL FIELDS function must have a LIMIT of at most 200`);
                }
            }
            for (const f of info.fields.values()) {
                if (f.formula !== undefined || f.summary || compoundFieldGap(info.name, f)) continue;
                if (s.which === 'CUSTOM' && !f.custom) continue;
                if (s.which === 'STANDARD' && f.custom) continue;
                select.push({ kind: 'field', path: [f.name] });
            }
        }
        return { ...q, select };
    }

    run(query: SoqlQuery): QueryResult {
        this.evaluateBinds(query);
        const info = this.db.schema.getObject(query.from);
        if (!info || isDefinitionObject(info.name)) {
            throw new ApexRuntimeUnsupported(`SOQL FROM ${query.from} (unknown sObject type)`, this.env.site);
        }
        const q = this.expandFields(query, info);
        const counting = this.env.countLimits !== false && !info.isCustomMetadata;
        if (counting) currentLimits().soql();
        if (counting && q.select.some((s) => s.kind === 'subquery')) currentLimits().selectSubqueryUsed = true;
        const userMode =
            q.withMode === 'USER_MODE' || q.withMode === 'SECURITY_ENFORCED' || !!this.env.access?.forceUserMode;
        if (userMode && q.withMode !== 'SYSTEM_MODE') {
            if (this.env.access) this.checkAccess(q, info);
            else {
                this.env.onFidelityNote?.(
                    `SOQL WITH ${q.withMode ?? 'USER_MODE'} on ${info.name} executed without FLS/sharing enforcement`
                );
            }
        }
        const sharing =
            q.withMode === 'USER_MODE' ||
            (this.env.access?.forceUserMode && q.withMode !== 'SYSTEM_MODE') ||
            this.env.access?.withSharing
                ? this.env.access
                : undefined;
        this.validate(q, info);
        this.checkComplete(info, q.where);
        let rows = this.db.rows(info.name, q.allRows);
        if (q.where) rows = rows.filter((r) => this.test(q.where!, info, r));
        if (sharing) rows = rows.filter((r) => this.visible(info, r));
        this.sharing = sharing;

        const hasAgg = q.select.some((s) => s.kind === 'agg') && !q.countOnly;
        if (q.countOnly) {
            let n = rows.length;
            if (q.limit) n = Math.min(n, this.intValue(q.limit));
            if (counting) currentLimits().queryRows(1);
            return { kind: 'count', count: n };
        }
        if (hasAgg || q.groupBy.length) {
            const out = this.aggregate(q, info, rows);
            // query rows (Apex Developer Guide "Working with SOQL Aggregate Functions"): every aggregate function other
            // than COUNT()/COUNT(field) counts each row used in the aggregation; COUNT(field) alone counts one row, or
            // one per grouping with GROUP BY
            const onlyCounts = q.select.every((s) => s.kind !== 'agg' || s.fn === 'COUNT');
            if (counting)
                currentLimits().queryRows(
                    hasAgg && !onlyCounts ? rows.length : hasAgg && !q.groupBy.length ? 1 : out.length
                );
            return { kind: 'aggregate', rows: out };
        }
        // a date function in SELECT needs GROUP BY (SOQL Reference "Date Functions")
        if (q.select.some((s) => s.kind === 'field' && s.dateFn))
            this.unsupported('date function in SELECT without GROUP BY (platform error text unknown)');
        const aliased = q.select.find((s) => s.kind === 'field' && s.alias);
        if (aliased) throw queryError(`unexpected token: '${(aliased as { alias: string }).alias}'`);
        rows = this.sortAndSlice(q, info, rows);
        const records = rows.map((r) => this.project(info, r, q.select));
        if (q.forView || q.forReference) this.markUsage(q, info, rows);
        // child rows returned by subqueries count as query rows too (Execution Governors and Limits)
        if (counting) currentLimits().queryRows(records.length + this.childRows);
        return { kind: 'records', sobjectType: info.name, records };
    }

    /**
     * FOR VIEW: "The LastViewedDate field for the retrieved record is updated"; FOR REFERENCE: "The LastReferencedDate
     * field is updated for any retrieved records" (SOQL and SOSL Reference, "FOR VIEW and FOR REFERENCE"). The rows
     * returned are the query's own; the RecentlyViewed object the clauses also feed is not modelled (querying it is
     * unsupported). Whether the returned records already carry the new date is not documented, so selecting the
     * date the clause updates is unsupported, as is an object without the field.
     */
    private markUsage(q: SoqlQuery, info: SObjectInfo, rows: Row[]): void {
        const fields: ('lastvieweddate' | 'lastreferenceddate')[] = [];
        if (q.forView) fields.push('lastvieweddate');
        if (q.forReference) fields.push('lastreferenceddate');
        for (const f of fields) {
            if (!info.fields.has(f)) this.unsupported(`FOR VIEW / FOR REFERENCE on ${info.name} (no ${f} field)`);
            if (q.select.some((s) => s.kind === 'field' && s.path.length === 1 && s.path[0].toLowerCase() === f))
                this.unsupported(
                    `FOR VIEW / FOR REFERENCE selecting ${f} (whether the result shows the new date is not documented)`
                );
        }
        const now = this.db.now();
        for (const r of rows) for (const f of fields) this.db.setUsageDate(info, (r.get('id') as ApexId).value, f, now);
    }

    // ------------------------------------------------------------------------------------------
    // validation (unknown fields fail even when no row matches)
    // ------------------------------------------------------------------------------------------

    /** Static validation only (see checkSoql). */
    check(query: SoqlQuery): void {
        const info = this.db.schema.getObject(query.from);
        // a one-keystroke misspelling of a known object (`FROM Acount`) is the compiler's error, not a catalogue gap
        if (
            !info &&
            !STANDARD_OBJECT_NAMES.some((n) => n.toLowerCase() === query.from.toLowerCase()) &&
            isOneKeyTypo(
                query.from,
                this.db.schema.allObjects().map((o) => o.name.toLowerCase())
            )
        )
            throw new ApexPlatformError(
                'System.QueryException',
                `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
            );
        if (!info || isDefinitionObject(info.name))
            throw new ApexRuntimeUnsupported(`SOQL FROM ${query.from} (unknown sObject type)`, this.env.site);
        this.validate(this.expandFields(query, info), info);
    }

    private validate(q: SoqlQuery, info: SObjectInfo) {
        for (const s of q.select) {
            if (s.kind === 'field') this.fieldAt(info, s.path, true);
            else if (s.kind === 'typeof') this.validateTypeOf(q, info, s);
            else if (s.kind === 'agg' && s.path) {
                const f = this.fieldAt(info, s.path);
                // "field Name does not support aggregate operator SUM" (as clients of the query API record it)
                const numeric = f.apexType === 'Decimal' || f.apexType === 'Integer';
                if ((s.fn === 'SUM' || s.fn === 'AVG') && !numeric && f.formula === undefined && !f.summary)
                    throw queryError(`field ${f.name} does not support aggregate operator ${s.fn}`);
            } else if (s.kind === 'subquery') {
                const rel = info.childRelationships.get(s.query.from.toLowerCase());
                // `FROM Attempts` when a custom relationship `Attempts__r` exists is the platform's compile error
                if (
                    !rel &&
                    isCatalogueGap(info, s.query.from) &&
                    !info.childRelationships.has(`${s.query.from.toLowerCase()}__r`)
                )
                    this.unsupported(
                        `child relationship ${info.name}.${s.query.from} (not in the standard-object catalogue)`
                    );
                // a metadata relationship to a custom metadata type declares a child relationship the org accepts
                const fromLc = s.query.from.toLowerCase();
                const metadataChild = this.db.schema
                    .allObjects()
                    .some((o) =>
                        [...o.fields.values()].some(
                            (f) =>
                                f.metadataChildRelationshipName?.toLowerCase() === fromLc &&
                                f.referenceTo?.some((t) => t.toLowerCase() === info.name.toLowerCase())
                        )
                    );
                if (!rel && metadataChild)
                    this.unsupported(
                        `child relationship ${info.name}.${s.query.from} of a custom metadata relationship (subqueries on it are not modelled)`
                    );
                if (!rel) {
                    throw queryError(
                        `Didn't understand relationship '${s.query.from}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
                    );
                }
                const child = this.db.schema.getObject(rel.childObject)!;
                for (const cs of s.query.select) {
                    if (cs.kind === 'field') this.fieldAt(child, cs.path, true);
                    else this.unsupported('aggregate or nested subquery inside a child subquery');
                }
                this.validateWhere(child, s.query.where);
                for (const o of s.query.orderBy) if (o.path) this.sortableField(child, o.path);
            }
        }
        // before any row is read: a query whose WHERE names an unknown field fails even when nothing matches
        this.validateWhere(info, q.where);
        for (const o of q.orderBy) if (o.path) this.sortableField(info, o.path);
        for (const g of q.groupBy) {
            const f = this.fieldAt(info, g);
            // refused by type only: describe's isGroupable() also reads the Object Reference's per-field property, but a
            // query grouping by a relationship's Id (false there) passes in orgs (soql-lib's suite)
            if (queryableByType(f, 'group') === false)
                throw queryError(`field '${f.name}' can not be grouped in a query call`);
        }
    }

    private sortableField(base: SObjectInfo, path: string[]): void {
        const f = this.fieldAt(base, path);
        if (queryableByType(f, 'sort') === false)
            throw queryError(`field '${f.name}' can not be sorted in a query call`);
    }

    private validateWhere(base: SObjectInfo, c: Cond | undefined): void {
        if (!c) return;
        if (c.kind === 'and' || c.kind === 'or') c.items.forEach((x) => this.validateWhere(base, x));
        else if (c.kind === 'not') this.validateWhere(base, c.item);
        else if (c.left.path) {
            const f = this.fieldAt(base, c.left.path);
            // INCLUDES/EXCLUDES are the multi-select picklist operators (SOQL Reference, "Querying Multi-Select
            // Picklists"); an org refuses them elsewhere, with a message not documented
            if ((c.op === 'INCLUDES' || c.op === 'EXCLUDES') && f.type !== 'MultiselectPicklist')
                this.unsupported(
                    `${c.op} on ${f.name}, a ${f.type ?? 'non-picklist'} field (an org refuses the query)`
                );
            if (queryableByType(f, 'filter') === false)
                throw queryError(`field '${f.name}' can not be filtered in a query call`);
            if (!('agg' in c.left) && !c.left.dateFn) this.validateLiterals(f, c.left.path.join('.'), c.value);
        }
    }

    /**
     * A literal of another type than the field's is refused before any row is read: "value of filter criterion for
     * field 'X' must be of type string and should be enclosed in quotes" / "… must be of type double|date|dateTime
     * and should not be enclosed in quotes" (MALFORMED_QUERY / INVALID_FIELD, as public clients of the REST query
     * API record it). Other mismatches, whose messages are not on record, are unsupported.
     */
    private validateLiterals(f: FieldInfo, name: string, value: ValueExpr): void {
        const lits = value.kind === 'lit' ? [value] : value.kind === 'list' ? value.items : [];
        for (const l of lits) {
            if (l.kind !== 'lit' || l.value === null || f === POLY_TYPE_FIELD) continue;
            const v = l.value;
            const quoted = typeof v === 'string';
            const textField = f.apexType === 'String' && TEXT_FIELD_TYPES.includes(f.type);
            let ok: boolean;
            if (textField) ok = quoted;
            else if (f.apexType === 'Decimal' || f.apexType === 'Integer') ok = v instanceof ApexDecimal;
            else if (f.apexType === 'Date') ok = v instanceof ApexDate;
            else if (f.apexType === 'Datetime') ok = v instanceof ApexDatetime;
            else if (f.apexType === 'Boolean') ok = typeof v === 'boolean';
            else if (f.apexType === 'Id') ok = quoted && (v === '' || isIdFormat(v));
            else continue; // other field types: not checked here
            if (ok) continue;
            if (textField)
                throw queryError(
                    `value of filter criterion for field '${name}' must be of type string and should be enclosed in quotes`
                );
            if (quoted && BARE_LITERAL_TYPE[f.apexType])
                throw queryError(
                    `value of filter criterion for field '${name}' must be of type ${BARE_LITERAL_TYPE[f.apexType]} and should not be enclosed in quotes`
                );
            this.unsupported(
                `filter value ${String(v)} of another type than the ${f.type} field ${name} (an org refuses the query)`
            );
        }
    }

    /** Resolve a path to the final field (through parent relationships). */
    /**
     * TYPEOF (SOQL and SOSL Reference, "TYPEOF"): the field must be a polymorphic relationship, each WHEN names an
     * object type and fields of it. The page's restrictions (no aggregates / GROUP BY / HAVING, the relationship not
     * also in the field list, only in SELECT) name no error text, so they are Unsupported, as is a TYPEOF through a
     * parent (`Account.Owner`), which is not modelled.
     */
    private validateTypeOf(q: SoqlQuery, info: SObjectInfo, t: TypeOfItem): void {
        const text = `TYPEOF ${t.rel.join('.')}`;
        if (q.countOnly || q.groupBy.length || q.having || q.select.some((s) => s.kind === 'agg'))
            this.unsupported(`${text} with COUNT() / aggregates / GROUP BY / HAVING (error text not documented)`);
        if (t.rel.length !== 1) this.unsupported(`${text} through a parent relationship`);
        const rf = this.db.schema.relationshipField(info.name, t.rel[0]);
        if (!rf) throw noSuchColumn(t.rel[0], info.name);
        if ((rf.referenceTo?.length ?? 0) < 2 && !rf.anyReference)
            this.unsupported(`${text} on a relationship that is not polymorphic (error text not documented)`);
        const rel = rf.relationshipName!.toLowerCase();
        const same = (p: string[]) => {
            const n = this.normPath(info, p);
            return n.length > 1 && n[0].toLowerCase() === rel;
        };
        if (
            q.select.some(
                (s) => (s.kind === 'field' && same(s.path)) || (s.kind === 'typeof' && s !== t && same(s.rel))
            )
        )
            this.unsupported(`${text} with ${rf.relationshipName} also in the field list (error text not documented)`);
        const seen = new Set<string>();
        for (const w of t.whens) {
            const target = this.db.schema.getObject(w.type);
            if (!target) this.unsupported(`${text} WHEN ${w.type} (unknown sObject type)`);
            if (seen.has(target.name)) this.unsupported(`${text} naming ${w.type} twice`);
            seen.add(target.name);
            for (const f of w.fields) this.fieldAt(target, f, true);
        }
    }

    /**
     * The field a path names. A compound field (address, geolocation) may be selected — the row then holds it as
     * queried but unmodelled (SObject.markUnmodelled: reading or printing it is Unsupported); anywhere else
     * (WHERE, ORDER BY, GROUP BY, aggregates) it is Unsupported.
     */
    private fieldAt(info: SObjectInfo, path: string[], selected = false): FieldInfo {
        let p = path;
        if (
            p.length > 1 &&
            p[0].toLowerCase() === info.name.toLowerCase() &&
            !this.db.schema.relationshipField(info.name, p[0])
        ) {
            p = p.slice(1);
        }
        let cur = info;
        for (let i = 0; i < p.length - 1; i++) {
            const rf = this.db.schema.relationshipField(cur.name, p[i]);
            if (rf && isPolymorphicType(rf, p, i)) return POLY_TYPE_FIELD;
            if (!rf && isCatalogueGap(cur, p[i]))
                this.unsupported(`relationship ${cur.name}.${p[i]} (not in the standard-object catalogue)`);
            if (!rf) throw noSuchColumn(p[i], cur.name);
            const target = this.db.schema.getObject(rf.referenceTo![0]);
            if (!target) this.unsupported(`relationship ${cur.name}.${p[i]} to unknown object ${rf.referenceTo![0]}`);
            cur = target;
        }
        const f = cur.fields.get(p[p.length - 1].toLowerCase());
        if (!f && isCatalogueGap(cur, p[p.length - 1]) && !isOneKeyTypo(p[p.length - 1], cur.fields.keys()))
            this.unsupported(`field ${cur.name}.${p[p.length - 1]} (not in the standard-object catalogue)`);
        if (!f) throw noSuchColumn(p[p.length - 1], cur.name);
        const compound = compoundFieldGap(cur.name, f);
        if (compound && !selected) this.unsupported(compound);
        if (f.formula !== undefined || f.summary) {
            this.unsupported(`${f.summary ? 'roll-up summary' : 'formula'} field ${cur.name}.${f.name}`);
        }
        return f;
    }

    /**
     * The parent row a relationship field points to: a record by Id, or for a custom-metadata relationship the
     * definition (object / field) or the other type's record its stored name designates (schema/metadata-relationships).
     */
    private parentOf(rf: FieldInfo, row: Row | undefined): { info: SObjectInfo; row: Row } | undefined {
        const v = row?.get(rf.name.toLowerCase());
        if (rf.type !== 'MetadataRelationship') return v instanceof ApexId ? this.db.getRow(v, true) : undefined;
        const target = rf.referenceTo?.[0];
        if (typeof v !== 'string' || v === '' || !target) return undefined;
        const info = this.db.schema.getObject(target);
        if (!info) this.unsupported(`metadata relationship ${rf.name} to unknown type ${target}`);
        if (isDefinitionObject(target)) return { info, row: definitionRow(target, v) as Row };
        const hit = this.db
            .rows(info.name)
            .find((r) => r.get('developername') === v || r.get('qualifiedapiname') === v);
        return hit ? { info, row: hit } : undefined;
    }

    private checkDurableId(f: FieldInfo, value: ApexPrimitive | null): void {
        if (f.type !== 'MetadataRelationship' || typeof value !== 'string') return;
        const gap = durableIdGap(f, value);
        if (gap) this.unsupported(gap);
    }

    private normPath(info: SObjectInfo, path: string[]): string[] {
        if (
            path.length > 1 &&
            path[0].toLowerCase() === info.name.toLowerCase() &&
            !this.db.schema.relationshipField(info.name, path[0])
        ) {
            return path.slice(1);
        }
        return path;
    }

    /**
     * SOQL date functions (SOQL Reference "Date Functions"): CALENDAR_MONTH 1–12, CALENDAR_QUARTER 1–4, CALENDAR_YEAR,
     * DAY_IN_MONTH, DAY_IN_WEEK (1 = Sunday … 7 = Saturday), DAY_IN_YEAR (32 for February 1), DAY_ONLY (date part of a
     * dateTime), HOUR_IN_DAY, WEEK_IN_MONTH / WEEK_IN_YEAR (week 1 = days 1–7). DateTime values are taken in UTC
     * unless wrapped in convertTimezone() (then the running user's time zone).
     */
    private applyDateFn(spec: DateFnSpec, v: Resolved, field: FieldInfo | undefined): Resolved {
        if (v === null) return null;
        let d: ApexDate;
        let hour = 0;
        if (v instanceof ApexDatetime) {
            d = spec.tz ? v.date() : v.dateGmt();
            hour = spec.tz ? v.hour() : v.hourGmt();
        } else if (v instanceof ApexDate) {
            if (spec.fn === 'DAY_ONLY' || spec.fn === 'HOUR_IN_DAY' || spec.tz)
                throw queryError(`${spec.fn} can only be used with dateTime fields`);
            d = v;
        } else {
            throw queryError(`Date function ${spec.fn} applied to a ${field?.type ?? 'non-date'} field`);
        }
        const dayOfYear = d.dayOfYear();
        switch (spec.fn) {
            case 'CALENDAR_MONTH':
                return new ApexInteger(d.month());
            case 'CALENDAR_QUARTER':
                return new ApexInteger(Math.floor((d.month() - 1) / 3) + 1);
            case 'CALENDAR_YEAR':
                return new ApexInteger(d.year());
            case 'DAY_IN_MONTH':
                return new ApexInteger(d.day());
            case 'DAY_IN_WEEK':
                // epoch day 0 (1970-01-01) was a Thursday (= 5)
                return new ApexInteger(((((d.epochDay + 4) % 7) + 7) % 7) + 1);
            case 'DAY_IN_YEAR':
                return new ApexInteger(dayOfYear);
            case 'DAY_ONLY':
                return d;
            case 'HOUR_IN_DAY':
                return new ApexInteger(hour);
            case 'WEEK_IN_MONTH':
                return new ApexInteger(Math.floor((d.day() - 1) / 7) + 1);
            case 'WEEK_IN_YEAR':
                return new ApexInteger(Math.floor((dayOfYear - 1) / 7) + 1);
        }
    }

    /** Value of a path on a row (null when a parent in the chain is null). */
    private valueAt(info: SObjectInfo, row: Row, path: string[]): { value: Resolved; field: FieldInfo } {
        const p = this.normPath(info, path);
        let curInfo = info;
        let curRow: Row | undefined = row;
        for (let i = 0; i < p.length - 1; i++) {
            const rf = this.db.schema.relationshipField(curInfo.name, p[i]);
            if (rf && isPolymorphicType(rf, p, i)) {
                // `What.Type`, `Owner.Type`: the parent's sObject type (SOQL Reference, "Understanding Polymorphic
                // Keys and Relationships")
                const id: ApexPrimitive | undefined = curRow?.get(rf.name.toLowerCase());
                const parent = id instanceof ApexId ? this.db.getRow(id, true) : undefined;
                return { value: parent ? parent.info.name : null, field: POLY_TYPE_FIELD };
            }
            if (!rf) return { value: null, field: this.fieldAt(info, path) }; // polymorphic parent of another type
            const parent = this.parentOf(rf, curRow);
            if (!parent) {
                return { value: null, field: this.fieldAt(curInfo, p.slice(i)) };
            }
            curInfo = parent.info;
            curRow = parent.row;
        }
        const own = curInfo.fields.get(p[p.length - 1].toLowerCase());
        if (!own) return { value: null, field: this.fieldAt(info, path) }; // polymorphic parent of another type
        const v = curRow?.get(own.name.toLowerCase());
        // a derived value the runtime cannot decide (filter, order, group, aggregate on it)
        if (isUndecided(v)) this.unsupported(v.reason);
        this.checkDurableId(own, v ?? null);
        return { value: v === undefined ? null : v, field: own };
    }

    // ------------------------------------------------------------------------------------------
    // WHERE
    // ------------------------------------------------------------------------------------------

    private test(c: Cond, info: SObjectInfo, row: Row): boolean {
        switch (c.kind) {
            case 'and':
                return c.items.every((x) => this.test(x, info, row));
            case 'or':
                return c.items.some((x) => this.test(x, info, row));
            case 'not':
                return !this.test(c.item, info, row);
            case 'cmp': {
                if ('agg' in c.left) this.unsupported('aggregate function in WHERE');
                const left = c.left as { path: string[]; dateFn?: DateFnSpec };
                const { value, field } = this.valueAt(info, row, left.path);
                if (left.dateFn) {
                    return this.compare(
                        this.applyDateFn(left.dateFn, value, field),
                        undefined,
                        c.op,
                        this.resolve(c.value)
                    );
                }
                return this.compare(value, field, c.op, this.resolve(c.value));
            }
        }
    }

    /**
     * A query that could return rows the runtime cannot list (db/setup-permissions.ts) is unsupported, never a partial
     * answer: every opaque set must be excluded by the WHERE clause.
     */
    private checkComplete(info: SObjectInfo, where: Cond | undefined) {
        for (const o of opaqueRows(this.db, info.name, { inTest: this.env.inTest })) {
            if (!this.excludes(where, info, o)) this.unsupported(`FROM ${info.name}: ${o.reason}`);
        }
    }

    /** True when `c` is false for every row of the opaque set `o` (decided on its known fields only). */
    private excludes(c: Cond | undefined, info: SObjectInfo, o: OpaqueRows): boolean {
        if (!c) return false;
        switch (c.kind) {
            case 'and':
                return c.items.some((x) => this.excludes(x, info, o));
            case 'or':
                return c.items.every((x) => this.excludes(x, info, o));
            case 'not':
                return false;
            case 'cmp': {
                if ('agg' in c.left || c.left.dateFn) return false;
                const path = this.normPath(info, c.left.path);
                if (o.excludes?.(path, c.op, this.resolve(c.value))) return true;
                if (!o.known.includes(path[0].toLowerCase())) return false;
                return !this.test(c, info, o.row);
            }
        }
    }

    private compare(v: Resolved, field: FieldInfo | undefined, op: string, rhs: unknown): boolean {
        // `= :collection` filters as IN (and `!= :collection` as NOT IN): "the Equal operator behaves like the IN
        // operator when using a list bind variable", in Apex only (salesforce.stackexchange.com/questions/165416,
        // /247214 [Obs]; apex-rollup's RollupCalculator excludes its own records with `Id != :objIds`)
        if ((op === '=' || op === '!=') && Array.isArray(rhs)) op = op === '=' ? 'IN' : 'NOT IN';
        if (op === 'IN' || op === 'NOT IN') {
            const list = Array.isArray(rhs) ? rhs : [rhs];
            const found = list.some((x) => this.eq(v, x as Resolved, field));
            return op === 'IN' ? found : !found;
        }
        if (op === 'INCLUDES' || op === 'EXCLUDES') {
            // multi-select picklists (SOQL Reference, "Querying Multi-Select Picklists"): 'a;b' means a AND b,
            // list items are ORed; matching ignores case and value order
            const have = new Set(typeof v === 'string' ? v.split(';').map((x) => x.trim().toLowerCase()) : []);
            const items = (Array.isArray(rhs) ? rhs : [rhs]).filter((x): x is string => typeof x === 'string');
            const any = items.some((it) =>
                it
                    .split(';')
                    .map((x) => x.trim().toLowerCase())
                    .every((x) => have.has(x))
            );
            return op === 'INCLUDES' ? any : !any;
        }
        if (isRange(rhs)) return this.rangeCompare(v, field, op, rhs);
        const r = rhs as Resolved;
        switch (op) {
            case '=':
                return this.eq(v, r, field);
            case '!=':
                return !this.eq(v, r, field);
            case 'LIKE':
                return typeof v === 'string' && typeof r === 'string' && likeRegex(r).test(v);
            default: {
                if (v === null || r === null) return false;
                const cmp = primitiveCompare(this.norm(v, field), this.norm(r, field));
                if (cmp === undefined) return false;
                return op === '<' ? cmp < 0 : op === '<=' ? cmp <= 0 : op === '>' ? cmp > 0 : cmp >= 0;
            }
        }
    }

    /** Id-typed comparisons use 18-char forms; string literals against Id fields are converted. */
    private norm(v: Resolved, field?: FieldInfo): Resolved {
        if (field?.apexType === 'Id' && typeof v === 'string' && isIdFormat(v)) return new ApexId(to18(v));
        return v;
    }

    private eq(a: Resolved, b: Resolved, field?: FieldInfo): boolean {
        if (a === null || b === null) return a === b;
        return primitiveEquals(this.norm(a, field), this.norm(b, field));
    }

    private rangeCompare(v: Resolved, field: FieldInfo | undefined, op: string, r: DayRange): boolean {
        if (v === null) return op === '!=';
        let x: number;
        let start: number;
        let endExcl: number;
        if (v instanceof ApexDate) {
            x = v.epochDay;
            start = r.start.epochDay;
            endExcl = r.end.epochDay + 1;
        } else if (v instanceof ApexDatetime) {
            x = v.epochMs;
            const tz = runtimeSettings().timeZone;
            start = r.start.midnightIn(tz).epochMs;
            endExcl = r.end.addDays(1).midnightIn(tz).epochMs;
        } else {
            throw queryError(`date literal compared with a ${field?.type ?? 'non-date'} field`);
        }
        switch (op) {
            case '=':
                return x >= start && x < endExcl;
            case '!=':
                return !(x >= start && x < endExcl);
            case '<':
                return x < start;
            case '<=':
                return x < endExcl;
            case '>':
                return x >= endExcl;
            case '>=':
                return x >= start;
            default:
                throw queryError(`operator ${op} with a date literal`);
        }
    }

    /** ValueExpr → JS value: primitive, array (lists/collections), DayRange. */
    private resolve(v: ValueExpr): unknown {
        switch (v.kind) {
            case 'lit':
                return v.value;
            case 'list':
                return v.items.map((x) => this.resolve(x));
            case 'dateLit':
                return dateLiteralRange(v.name, v.n);
            case 'bind':
                if (!this.bindCache.has(v.index)) this.bindCache.set(v.index, normaliseBind(this.bindValue(v)));
                return this.bindCache.get(v.index);
            case 'semijoin': {
                const sub = new Evaluator({ ...this.env, countLimits: false });
                sub.bindCache = this.bindCache;
                return sub.runSemiJoin(v.query);
            }
        }
    }

    runSemiJoin(q: SoqlQuery): Resolved[] {
        const info = this.db.schema.getObject(q.from);
        if (!info) this.unsupported(`semi-join FROM ${q.from}`);
        if (q.select.length !== 1 || q.select[0].kind !== 'field')
            this.unsupported('semi-join selecting more than one field');
        const path = (q.select[0] as { path: string[] }).path;
        this.fieldAt(info, path);
        this.checkComplete(info, q.where);
        let rows = this.db.rows(info.name);
        if (q.where) rows = rows.filter((r) => this.test(q.where!, info, r));
        return rows.map((r) => this.valueAt(info, r, path).value);
    }

    private bindValue(v: { index: number; text: string }): unknown {
        const b = this.env.binds;
        if (b?.evalBind) return b.evalBind(v.index);
        const name = v.text.trim();
        if (b?.bindMap) {
            for (const [k, val] of b.bindMap) if (k.toLowerCase() === name.toLowerCase()) return val;
            throw queryError(`Key '${name}' does not exist in the bindMap`);
        }
        if (b?.lookupVar) {
            if (!/^[A-Za-z_]\w*$/.test(name))
                this.unsupported(`dynamic SOQL bind expression ':${name}' (only simple variables)`);
            return b.lookupVar(name);
        }
        throw queryError(`Variable does not exist: ${name}`);
    }

    private intValue(v: ValueExpr): number {
        const x = this.resolve(v);
        if (x instanceof ApexInteger) return x.value;
        if (x instanceof ApexLong) return Number(x.value);
        if (x instanceof ApexDecimal) return x.toNumber();
        throw queryError(`LIMIT/OFFSET must be an Integer`);
    }

    // ------------------------------------------------------------------------------------------
    // ORDER BY / LIMIT / OFFSET
    // ------------------------------------------------------------------------------------------

    private sortAndSlice(
        q: { orderBy: SoqlQuery['orderBy']; limit?: ValueExpr; offset?: ValueExpr },
        info: SObjectInfo,
        rows: Row[]
    ): Row[] {
        let out = rows;
        if (q.orderBy.length) {
            const keys = out.map((r) =>
                q.orderBy.map((o) => (o.path ? this.groupValue(info, r, o.path, o.dateFn) : null))
            );
            const idx = out.map((_, i) => i);
            idx.sort((a, b) => {
                for (let k = 0; k < q.orderBy.length; k++) {
                    const c = orderCompare(keys[a][k], keys[b][k], q.orderBy[k].desc, q.orderBy[k].nullsLast);
                    if (c !== 0) return c;
                }
                return a - b;
            });
            out = idx.map((i) => out[i]);
        }
        const offset = q.offset ? this.intValue(q.offset) : 0;
        const limit = q.limit ? this.intValue(q.limit) : undefined;
        return out.slice(offset, limit !== undefined ? offset + limit : undefined);
    }

    // ------------------------------------------------------------------------------------------
    // projection
    // ------------------------------------------------------------------------------------------

    private project(info: SObjectInfo, row: Row, select: SelectItem[]): SObject {
        const s = new SObject(info);
        s.queried = new Set(['id']);
        s.setRaw('id', row.get('id') ?? null);
        for (const item of select) {
            if (item.kind === 'field') this.projectPath(s, info, row, this.normPath(info, item.path), item.toLabel);
            else if (item.kind === 'subquery') this.projectChildren(s, info, row, item.query);
            else if (item.kind === 'typeof') this.projectTypeOf(s, info, row, item);
        }
        return s;
    }

    /**
     * The parent gets the fields of the WHEN naming its type, else the ELSE list ("TYPEOF"). A parent matching no
     * WHEN of a query without ELSE: what the org returns is not documented, so Unsupported; an ELSE field the
     * parent's type lacks likewise.
     */
    private projectTypeOf(s: SObject, info: SObjectInfo, row: Row, t: TypeOfItem) {
        const rf = this.db.schema.relationshipField(info.name, t.rel[0])!;
        const rel = rf.relationshipName!.toLowerCase();
        s.queried!.add(rel);
        const parent = this.parentOf(rf, row);
        if (!parent) {
            s.parents.set(rel, null);
            return;
        }
        const type = parent.info.name.toLowerCase();
        const fields = t.whens.find((w) => w.type.toLowerCase() === type)?.fields ?? t.otherwise;
        if (!fields)
            this.unsupported(
                `TYPEOF ${rf.relationshipName}: a ${parent.info.name} parent matches no WHEN and there is no ELSE (result not documented)`
            );
        const p = new SObject(parent.info);
        p.queried = new Set(['id']);
        p.setRaw('id', parent.row.get('id') ?? null);
        s.parents.set(rel, p);
        const viaElse = !t.whens.some((w) => w.type.toLowerCase() === type);
        for (const f of fields) {
            try {
                this.fieldAt(parent.info, f, true);
            } catch (e) {
                if (!viaElse || !(e instanceof ApexPlatformError)) throw e;
                this.unsupported(`TYPEOF ${rf.relationshipName} ELSE field ${f.join('.')} not on ${parent.info.name}`);
            }
            this.projectPath(p, parent.info, parent.row, this.normPath(parent.info, f));
        }
    }

    private projectPath(s: SObject, info: SObjectInfo, row: Row, path: string[], toLabel = false) {
        if (path.length === 1) {
            const f = info.fields.get(path[0].toLowerCase());
            if (!f) return; // polymorphic parent of another type (e.g. Owner is a Group): field absent
            const l = f.name.toLowerCase();
            if (compoundFieldGap(info.name, f)) {
                s.queried!.add(l);
                s.markUnmodelled(f.name);
                if (f.type === 'Address') {
                    // the System.Address value is read from the components the catalogue models
                    const prefix = f.name.slice(0, -'Address'.length);
                    const parts = new Map<string, ApexPrimitive | undefined>();
                    for (const part of ADDRESS_PARTS) {
                        const cf = info.fields.get(`${prefix}${part}`.toLowerCase());
                        parts.set(part, cf ? (row.get(cf.name.toLowerCase()) ?? null) : undefined);
                    }
                    s.compoundParts.set(l, parts);
                }
                return;
            }
            let value = row.get(l) ?? null;
            if (toLabel) {
                // toLabel(): the picklist value's label (SOQL Reference, "toLabel()")
                if (!f.picklistValues) this.unsupported(`toLabel() on non-picklist field ${info.name}.${f.name}`);
                const v = value;
                if (typeof v === 'string') value = f.picklistValues.find((p) => p.value === v)?.label ?? v;
            }
            s.setRaw(l, value);
            s.queried!.add(l);
            return;
        }
        const rf = this.db.schema.relationshipField(info.name, path[0]);
        if (!rf) return; // polymorphic parent of another type without this relationship
        const rel = rf.relationshipName!.toLowerCase();
        s.queried!.add(rel);
        // a path through a lookup also returns the lookup's Id field: `SELECT Account.Name FROM Contact` gives a
        // record whose AccountId is set (debug output and getPopulatedFieldsAsMap show it) [Obs] (see conformance
        // t1/sobjects/relationship-path-sets-lookup-id.apex); metadata relationships are left as they were
        const fk = rf.name.toLowerCase();
        if (rf.type !== 'MetadataRelationship' && !s.queried!.has(fk)) {
            s.setRaw(fk, row.get(fk) ?? null);
            s.queried!.add(fk);
        }
        const existing = s.parents.get(rel);
        const parent = this.parentOf(rf, row);
        if (!parent) {
            if (existing === undefined) s.parents.set(rel, null);
            return;
        }
        let p = existing;
        if (!p) {
            p = new SObject(parent.info);
            p.queried = new Set(['id']);
            p.setRaw('id', parent.row.get('id') ?? null);
            s.parents.set(rel, p);
        }
        if (isPolymorphicType(rf, path, 0)) {
            // the parent record is modelled with its concrete type: `Type` holds the sObject type name ("Understanding
            // Polymorphic Keys and Relationships"); a concrete type without a Type field of its own keeps it aside
            // (SObject.polymorphicType, read as `Rel.Type`)
            if (!parent.info.fields.has('type')) p.polymorphicType = parent.info.name;
            else p.setRaw('type', parent.info.name);
            p.queried!.add('type');
            return;
        }
        this.projectPath(p, parent.info, parent.row, path.slice(1), toLabel);
    }

    private projectChildren(s: SObject, info: SObjectInfo, row: Row, q: SoqlQuery) {
        const rel = info.childRelationships.get(q.from.toLowerCase())!;
        const child = this.db.schema.getObject(rel.childObject)!;
        const pid = row.get('id') as ApexId;
        // group the (filtered) child rows by parent once per subquery execution
        let byParent = this.childIndex.get(q);
        if (rel.metadata) return this.projectMetadataChildren(s, rel, child, row, q);
        if (!byParent) {
            byParent = new Map<string, Row[]>();
            for (const r of this.db.rows(child.name)) {
                const v = r.get(rel.field.toLowerCase());
                if (!(v instanceof ApexId)) continue;
                if (q.where && !this.test(q.where, child, r)) continue;
                if (this.sharing && !this.visible(child, r)) continue;
                const list = byParent.get(v.value) ?? [];
                list.push(r);
                byParent.set(v.value, list);
            }
            this.childIndex.set(q, byParent);
        }
        // children the runtime cannot list (e.g. ObjectPerms of a profile-owned permission set) → unsupported
        const link = rel.field.toLowerCase();
        for (const o of opaqueRows(this.db, child.name, { inTest: this.env.inTest })) {
            const v = o.row.get(link);
            if (o.known.includes(link) && (!(v instanceof ApexId) || v.value !== pid.value)) continue;
            if (!this.excludes(q.where, child, o)) this.unsupported(`child subquery ${rel.name}: ${o.reason}`);
        }
        this.setChildren(s, rel, child, byParent.get(pid.value) ?? [], q);
    }

    /** The subquery's rows of one parent record: sorted, limited, counted against the query rows, then projected. */
    private setChildren(s: SObject, rel: ChildRelationship, child: SObjectInfo, rows: Row[], q: SoqlQuery) {
        const kept = this.sortAndSlice(q, child, rows);
        this.childRows += kept.length;
        const l = rel.name.toLowerCase();
        s.queried!.add(l);
        s.children.set(
            l,
            kept.map((r) => this.project(child, r, q.select))
        );
    }

    /**
     * A metadata relationship between two custom metadata types ("Metadata relationship fields support all standard
     * relationship queries": Salesforce Help, "Custom Metadata Types Limitations" → SOQL): the child records are those
     * whose relationship field names this record — by DeveloperName, as the record files store it (parentOf reads the
     * same link the other way).
     */
    private projectMetadataChildren(s: SObject, rel: ChildRelationship, child: SObjectInfo, row: Row, q: SoqlQuery) {
        const names = [row.get('developername'), row.get('qualifiedapiname')].filter((v) => typeof v === 'string');
        const link = rel.field.toLowerCase();
        const rows = this.db
            .rows(child.name)
            .filter((r) => names.includes(r.get(link) as string) && (!q.where || this.test(q.where, child, r)));
        this.setChildren(s, rel, child, rows, q);
    }

    // ------------------------------------------------------------------------------------------
    // aggregates
    // ------------------------------------------------------------------------------------------

    private aggregate(q: SoqlQuery, info: SObjectInfo, rows: Row[]): AggregateRow[] {
        for (const s of q.select) {
            if (s.kind === 'subquery') this.unsupported('child subquery in an aggregate query');
            if (
                s.kind === 'field' &&
                !q.groupBy.some((g, i) => samePath(g, s.path) && sameFn(q.groupByFn?.[i], s.dateFn))
            ) {
                // a date function of a field that is itself grouped (`SELECT CALENDAR_MONTH(d) … GROUP BY d`): the
                // references do not say whether this is accepted, so it is not refused with a guessed error
                if (s.dateFn && q.groupBy.some((g, i) => samePath(g, s.path) && !q.groupByFn?.[i]))
                    this.unsupported(`date function of the grouped field ${s.path.join('.')} in SELECT`);
                throw queryError(`Field must be grouped or aggregated: ${s.path.join('.')}`);
            }
        }
        const groupIndex = (path: string[] | null): number => {
            const i = path ? q.groupBy.findIndex((g, k) => samePath(g, path) && !q.groupByFn?.[k]) : -1;
            if (i < 0 || !q.groupingMode) this.unsupported('GROUPING() of a field outside GROUP BY ROLLUP/CUBE');
            return i;
        };
        for (const s of q.select) if (s.kind === 'agg' && s.fn === 'GROUPING') groupIndex(s.path);
        const keyOf = (r: Row, by: number[]) =>
            by.map((i) => primitiveHashKey(this.groupValue(info, r, q.groupBy[i], q.groupByFn?.[i]))).join('|');
        const partition = (members: Row[], by: number[]): Row[][] => {
            const groups = new Map<string, Row[]>();
            for (const r of members) {
                const key = keyOf(r, by);
                const list = groups.get(key) ?? [];
                list.push(r);
                groups.set(key, list);
            }
            return [...groups.values()];
        };
        const all = q.groupBy.map((_, i) => i);
        // "You can include up to three fields" in ROLLUP (and CUBE): the error past that is not documented
        if (q.groupingMode && all.length > 3) this.unsupported(`GROUP BY ${q.groupingMode} of more than three fields`);
        // each group with the GROUP BY items it totals over (`rolled`: their values are null, GROUPING() is 1)
        const groups: { members: Row[]; rolled: Set<number> }[] = [];
        if (q.groupingMode === 'ROLLUP') {
            // "aggregating from right to left through the list of grouping columns": each group's rows, then its
            // subtotal, and "one grand total row" last (SOQL Reference, "GROUP BY ROLLUP" and its example tables)
            const rollup = (members: Row[], level: number) => {
                for (const part of partition(members, [level]))
                    if (level + 1 === all.length) groups.push({ members: part, rolled: new Set() });
                    else rollup(part, level + 1);
                groups.push({ members, rolled: new Set(all.slice(level)) });
            };
            rollup(rows, 0);
        } else if (q.groupingMode === 'CUBE') {
            // "subtotals for every possible combination of grouping fields", grand total included (SOQL Reference,
            // "GROUP BY CUBE"); the order of the subtotal rows is the runtime's (most specific first)
            const subsets = [...Array(1 << all.length).keys()]
                .map((mask) => all.filter((i) => mask & (1 << i)))
                .sort((a, b) => b.length - a.length);
            for (const by of subsets) {
                const rolled = new Set(all.filter((i) => !by.includes(i)));
                if (!by.length) groups.push({ members: rows, rolled });
                else for (const part of partition(rows, by)) groups.push({ members: part, rolled });
            }
        } else {
            for (const part of partition(rows, all)) groups.push({ members: part, rolled: new Set() });
            if (!q.groupBy.length && !groups.length) groups.push({ members: [], rolled: new Set() });
        }
        const out: { row: AggregateRow; members: Row[]; rolled: Set<number> }[] = [];
        for (const { members, rolled } of groups) {
            const ar = new AggregateRow();
            let exprN = 0;
            for (const s of q.select) {
                if (s.kind === 'field') {
                    const gi = q.groupBy.findIndex((g, i) => samePath(g, s.path) && sameFn(q.groupByFn?.[i], s.dateFn));
                    // an unaliased date function takes the next exprN name, like aggregate functions
                    ar.set(
                        s.alias ?? (s.dateFn ? `expr${exprN++}` : s.path[s.path.length - 1]),
                        members.length && !rolled.has(gi) ? this.groupValue(info, members[0], s.path, s.dateFn) : null
                    );
                } else if (s.kind === 'agg') {
                    const name = s.alias ?? `expr${exprN++}`;
                    ar.set(
                        name,
                        s.fn === 'GROUPING'
                            ? new ApexInteger(rolled.has(groupIndex(s.path)) ? 1 : 0)
                            : this.aggValue(s.fn, s.path, info, members)
                    );
                }
            }
            out.push({ row: ar, members, rolled });
        }
        let result = out;
        if (q.having && q.groupingMode) this.unsupported(`HAVING with GROUP BY ${q.groupingMode}`);
        if (q.orderBy.length && q.groupingMode) this.unsupported(`ORDER BY with GROUP BY ${q.groupingMode}`);
        if (q.having) result = result.filter((g) => this.testHaving(q.having!, info, g.members));
        if (q.orderBy.length) {
            const keys = result.map((g) =>
                q.orderBy.map((o) =>
                    o.agg
                        ? this.aggValue(o.agg.fn, o.agg.path, info, g.members)
                        : g.members.length
                          ? this.groupValue(info, g.members[0], o.path!, o.dateFn)
                          : null
                )
            );
            const idx = result.map((_, i) => i);
            idx.sort((a, b) => {
                for (let k = 0; k < q.orderBy.length; k++) {
                    const c = orderCompare(keys[a][k], keys[b][k], q.orderBy[k].desc, q.orderBy[k].nullsLast);
                    if (c !== 0) return c;
                }
                return a - b;
            });
            result = idx.map((i) => result[i]);
        }
        const offset = q.offset ? this.intValue(q.offset) : 0;
        const limit = q.limit ? this.intValue(q.limit) : undefined;
        return result.slice(offset, limit !== undefined ? offset + limit : undefined).map((g) => g.row);
    }

    private testHaving(c: Cond, info: SObjectInfo, members: Row[]): boolean {
        switch (c.kind) {
            case 'and':
                return c.items.every((x) => this.testHaving(x, info, members));
            case 'or':
                return c.items.some((x) => this.testHaving(x, info, members));
            case 'not':
                return !this.testHaving(c.item, info, members);
            case 'cmp': {
                const left = c.left;
                const v =
                    'agg' in left
                        ? this.aggValue(left.agg, left.path, info, members)
                        : members.length
                          ? this.groupValue(info, members[0], left.path, left.dateFn)
                          : null;
                return this.compare(v, undefined, c.op, this.resolve(c.value));
            }
        }
    }

    private groupValue(info: SObjectInfo, row: Row, path: string[], fn: DateFnSpec | undefined): Resolved {
        const { value, field } = this.valueAt(info, row, path);
        return fn ? this.applyDateFn(fn, value, field) : value;
    }

    /**
     * MIN()/MAX() of a picklist field rank the values by the picklist's sort order, not alphabetically (SOQL and SOSL
     * Reference, "Aggregate Functions": "If you use the MIN() or MAX() functions on a picklist field, the function
     * uses the sort order of the picklist values instead of alphabetical order"). Values the catalogue does not list
     * (unknown value set, inactive or unlisted values) have no known rank: Unsupported.
     */
    private picklistMinMax(fn: 'MIN' | 'MAX', f: FieldInfo, vals: Resolved[]): ApexPrimitive {
        const order = f.picklistValuesUnknown ? undefined : f.picklistValues;
        if (!order?.length) this.unsupported(`${fn}() of picklist field ${f.name} whose value order is not known`);
        let best: Resolved = null;
        let bestRank = -1;
        for (const v of vals) {
            const rank = order!.findIndex((p) => p.value === v);
            if (rank < 0) this.unsupported(`${fn}() of picklist field ${f.name} over a value it does not list`);
            if (bestRank < 0 || (fn === 'MIN' ? rank < bestRank : rank > bestRank)) {
                best = v;
                bestRank = rank;
            }
        }
        return best as ApexPrimitive;
    }

    private aggValue(fn: AggFn, path: string[] | null, info: SObjectInfo, members: Row[]): ApexPrimitive {
        if (fn === 'GROUPING') this.unsupported('GROUPING() in HAVING or ORDER BY');
        if (!path) {
            if (fn !== 'COUNT') this.unsupported(`${fn}() without a field`);
            return new ApexInteger(members.length);
        }
        const vals = members.map((r) => this.valueAt(info, r, path).value).filter((v) => v !== null);
        switch (fn) {
            case 'COUNT':
                return new ApexInteger(vals.length);
            case 'COUNT_DISTINCT':
                return new ApexInteger(
                    new Set(vals.map((v) => primitiveHashKey(typeof v === 'string' ? v.toLowerCase() : v))).size
                );
            case 'SUM':
            case 'AVG': {
                if (!vals.length) return null;
                let sum: ApexDecimal = ApexDecimal.ZERO;
                for (const v of vals) {
                    if (!isApexNumber(v)) throw queryError(`${fn} on a non-numeric field`);
                    sum = arith('+', sum, v) as ApexDecimal;
                }
                if (fn === 'SUM') return sum;
                return sum.divideToPrecision(ApexDecimal.fromInt(vals.length));
            }
            case 'MIN':
            case 'MAX': {
                if (!vals.length) return null;
                const f = this.fieldAt(info, path);
                if (f.type === 'Picklist') return this.picklistMinMax(fn, f, vals);
                let best = vals[0];
                for (const v of vals.slice(1)) {
                    const c = primitiveCompare(v, best);
                    if (c !== undefined && (fn === 'MIN' ? c < 0 : c > 0)) best = v;
                }
                return best;
            }
        }
    }
}

/** `<polymorphic relationship>.Type` as the last path element (What.Type, Who.Type, Owner.Type, Parent.Type…). */
function isPolymorphicType(rf: FieldInfo, path: string[], i: number): boolean {
    return (
        i === path.length - 2 &&
        path[i + 1].toLowerCase() === 'type' &&
        ((rf.referenceTo?.length ?? 0) > 1 || !!rf.anyReference)
    );
}

const POLY_TYPE_FIELD: FieldInfo = parseFieldSpec('Type', 'Text(255)');

function sameFn(a: DateFnSpec | undefined, b: DateFnSpec | undefined): boolean {
    return (!a && !b) || (!!a && !!b && a.fn === b.fn && a.tz === b.tz);
}

function samePath(a: string[], b: string[]): boolean {
    return a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i].toLowerCase());
}

function isRange(v: unknown): v is DayRange {
    return (
        typeof v === 'object' && v !== null && 'start' in v && 'end' in v && (v as DayRange).start instanceof ApexDate
    );
}

/** null ordering: NULLS FIRST unless NULLS LAST is stated; strings case-insensitive. */
function orderCompare(a: ApexPrimitive, b: ApexPrimitive, desc: boolean, nullsLast: boolean): number {
    if (a === null || b === null) {
        if (a === b) return 0;
        return (a === null) === nullsLast ? 1 : -1;
    }
    const c = primitiveCompare(a, b) ?? 0;
    return desc ? -c : c;
}

/** SOQL LIKE pattern → RegExp: % any run, _ one char, \% and \_ literal; case-insensitive. */
export function likeRegex(pattern: string): RegExp {
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_' || pattern[i + 1] === '\\')) {
            re += '\\' + pattern[++i];
        } else if (c === '%') re += '[\\s\\S]*';
        else if (c === '_') re += '[\\s\\S]';
        else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    return new RegExp(`^${re}$`, 'i');
}

/**
 * Bind values from the interpreter: SObjects bind as their Id; Lists/Sets (the interpreter's
 * collection classes, duck-typed: `.items` array or `.values()`) become arrays; Strings that are
 * 15-char Ids stay strings (compared as Ids against Id fields).
 */
export function normaliseBind(v: unknown): unknown {
    if (v instanceof SObject) return v.id;
    if (Array.isArray(v)) return v.map(normaliseBind);
    if (v && typeof v === 'object') {
        const o = v as { items?: unknown; values?: () => unknown[]; kind?: string };
        if (Array.isArray(o.items)) return o.items.map(normaliseBind);
        if (o.kind === 'Set' && typeof o.values === 'function') return o.values().map(normaliseBind);
    }
    return v;
}
