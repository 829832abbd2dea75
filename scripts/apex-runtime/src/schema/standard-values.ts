/**
 * Platform-derived values of standard objects that depend on standard value sets:
 * - Opportunity.IsClosed / IsWon / Probability / ForecastCategoryName / ExpectedRevenue from StageName
 *   (Object Reference "OpportunityStage": DefaultProbability, ForecastCategoryName, IsClosed, IsWon per stage;
 *   "Opportunity": Probability and ForecastCategoryName are "implied by, but not directly controlled by" StageName;
 *   ExpectedRevenue = Amount × Probability / 100, read-only).
 * - Case.IsClosed from Status (CaseStatus `closed`), Task.IsClosed from Status (TaskStatus `closed`).
 * Defaults are the values of a new org (Developer Edition / scratch org) [Known: Setup › Opportunity Stages of a
 * new org]; a force-app `StandardValueSet` file (OpportunityStage, CaseStatus, TaskStatus) replaces them.
 * A value not in the set is stored; what it derives is undecided (db/sobject.ts UndecidedValue: Unsupported when read).
 */
import type { SchemaRegistry } from './registry';
import type { StandardValue } from './types';

const DEFAULT_SETS: Record<string, StandardValue[]> = {
    opportunitystage: [
        { fullName: 'Prospecting', closed: false, won: false, probability: 10, forecastCategory: 'Pipeline' },
        { fullName: 'Qualification', closed: false, won: false, probability: 10, forecastCategory: 'Pipeline' },
        { fullName: 'Needs Analysis', closed: false, won: false, probability: 20, forecastCategory: 'Pipeline' },
        { fullName: 'Value Proposition', closed: false, won: false, probability: 50, forecastCategory: 'Pipeline' },
        { fullName: 'Id. Decision Makers', closed: false, won: false, probability: 60, forecastCategory: 'Pipeline' },
        { fullName: 'Perception Analysis', closed: false, won: false, probability: 70, forecastCategory: 'Pipeline' },
        { fullName: 'Proposal/Price Quote', closed: false, won: false, probability: 75, forecastCategory: 'Pipeline' },
        { fullName: 'Negotiation/Review', closed: false, won: false, probability: 90, forecastCategory: 'Pipeline' },
        { fullName: 'Closed Won', closed: true, won: true, probability: 100, forecastCategory: 'Closed' },
        { fullName: 'Closed Lost', closed: true, won: false, probability: 0, forecastCategory: 'Omitted' }
    ],
    casestatus: [
        { fullName: 'New', closed: false, isDefault: true },
        { fullName: 'Working', closed: false },
        { fullName: 'Escalated', closed: false },
        { fullName: 'Closed', closed: true }
    ],
    leadstatus: [
        { fullName: 'Open - Not Contacted', converted: false, isDefault: true },
        { fullName: 'Working - Contacted', converted: false },
        { fullName: 'Closed - Converted', converted: true },
        { fullName: 'Closed - Not Converted', converted: false }
    ],
    taskstatus: [
        { fullName: 'Not Started', closed: false, isDefault: true },
        { fullName: 'In Progress', closed: false },
        { fullName: 'Completed', closed: true },
        { fullName: 'Waiting on someone else', closed: false },
        { fullName: 'Deferred', closed: false }
    ]
};

/** Forecast category API value (ForecastCategory field) for a ForecastCategoryName label. */
export const FORECAST_CATEGORY_API: Record<string, string> = {
    Omitted: 'Omitted',
    Pipeline: 'Pipeline',
    'Best Case': 'BestCase',
    BestCase: 'BestCase',
    Commit: 'Forecast',
    Forecast: 'Forecast',
    Closed: 'Closed'
};
/** ForecastCategoryName label for a category value (StandardValueSet uses the API value). */
export const FORECAST_CATEGORY_NAME: Record<string, string> = {
    Omitted: 'Omitted',
    Pipeline: 'Pipeline',
    BestCase: 'Best Case',
    'Best Case': 'Best Case',
    Forecast: 'Commit',
    Commit: 'Commit',
    Closed: 'Closed'
};

/** The value set in effect (project file, else the new-org default). */
export function standardValueSet(schema: SchemaRegistry, name: string): StandardValue[] {
    const key = name.toLowerCase();
    return schema.setup.standardValueSets?.get(key) ?? DEFAULT_SETS[key] ?? [];
}

/** Entry for a value (exact match, as the platform stores picklist API values), or undefined. */
export function standardValue(schema: SchemaRegistry, set: string, value: string): StandardValue | undefined {
    return standardValueSet(schema, set).find((v) => v.fullName === value);
}
