/**
 * Our own compact SOQL AST (lowered once from the apex-parser `query` tree, then cached by text).
 * Field paths are arrays of names in source spelling: `Account__r.Name` → ['Account__r', 'Name'].
 */
import type { ApexPrimitive } from '../values';

export type AggFn = 'COUNT' | 'COUNT_DISTINCT' | 'SUM' | 'AVG' | 'MIN' | 'MAX' | 'GROUPING';

/** SOQL date functions (SOQL Reference "Date Functions"); FISCAL_* stay unsupported (org fiscal settings). */
export type DateFn =
    | 'CALENDAR_MONTH'
    | 'CALENDAR_QUARTER'
    | 'CALENDAR_YEAR'
    | 'DAY_IN_MONTH'
    | 'DAY_IN_WEEK'
    | 'DAY_IN_YEAR'
    | 'DAY_ONLY'
    | 'HOUR_IN_DAY'
    | 'WEEK_IN_MONTH'
    | 'WEEK_IN_YEAR';

/** A date function applied to a field path; `tz` = wrapped in convertTimezone() (user's time zone, else UTC). */
export interface DateFnSpec {
    fn: DateFn;
    tz: boolean;
}

export type SelectItem =
    | { kind: 'field'; path: string[]; alias?: string; toLabel?: boolean; dateFn?: DateFnSpec }
    | { kind: 'subquery'; query: SoqlQuery }
    | { kind: 'agg'; fn: AggFn; path: string[] | null; alias?: string }
    | { kind: 'fields'; which: 'ALL' | 'STANDARD' | 'CUSTOM' }
    | TypeOfItem;

/**
 * `TYPEOF What WHEN Account THEN Phone WHEN Opportunity THEN Amount ELSE Name END` (SOQL and SOSL Reference,
 * "TYPEOF"): the parent's selected fields depend on its runtime type; `otherwise` = the ELSE list.
 */
export interface TypeOfItem {
    kind: 'typeof';
    rel: string[];
    whens: { type: string; fields: string[][] }[];
    otherwise?: string[][];
}

export type ValueExpr =
    | { kind: 'lit'; value: ApexPrimitive }
    | { kind: 'list'; items: ValueExpr[] }
    | { kind: 'bind'; index: number; text: string }
    | { kind: 'dateLit'; name: string; n?: number }
    | { kind: 'semijoin'; query: SoqlQuery };

export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'IN' | 'NOT IN' | 'INCLUDES' | 'EXCLUDES';

export type Cond =
    | { kind: 'and'; items: Cond[] }
    | { kind: 'or'; items: Cond[] }
    | { kind: 'not'; item: Cond }
    | {
          kind: 'cmp';
          left: { path: string[]; dateFn?: DateFnSpec } | { agg: AggFn; path: string[] | null };
          op: CmpOp;
          value: ValueExpr;
      };

export interface OrderItem {
    path: string[] | null;
    agg?: { fn: AggFn; path: string[] | null };
    dateFn?: DateFnSpec;
    desc: boolean;
    nullsLast: boolean;
}

export interface SoqlQuery {
    /** object API name (or child relationship name inside a subquery) */
    from: string;
    select: SelectItem[];
    /** `SELECT COUNT() FROM …` */
    countOnly: boolean;
    where?: Cond;
    withMode?: 'USER_MODE' | 'SYSTEM_MODE' | 'SECURITY_ENFORCED';
    groupBy: string[][];
    /** date function per GROUP BY item (same index as groupBy; undefined = plain field) */
    groupByFn?: (DateFnSpec | undefined)[];
    /** GROUP BY ROLLUP(…) / CUBE(…): subtotal rows are added (SOQL Reference, "GROUP BY ROLLUP", "GROUP BY CUBE") */
    groupingMode?: 'ROLLUP' | 'CUBE';
    having?: Cond;
    orderBy: OrderItem[];
    limit?: ValueExpr;
    offset?: ValueExpr;
    allRows: boolean;
    forUpdate: boolean;
    /** FOR VIEW / FOR REFERENCE: the retrieved records' LastViewedDate / LastReferencedDate are set to now */
    forView?: boolean;
    forReference?: boolean;
    /** number of binds in the whole query (depth-first order) */
    bindCount: number;
}
