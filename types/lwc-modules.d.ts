// Hand-written declarations for the platform modules that @salesforce/lightning-types does not cover.
// The platform resolves these at runtime; Jest resolves them through sfdx-lwc-jest stubs or jest.mock.

declare module '@salesforce/apex/*' {
    import type { WireAdapterConstructor } from 'lwc';
    /** An @AuraEnabled method: callable imperatively and usable with @wire when cacheable. */
    type ApexMethod = ((params?: Record<string, unknown>) => Promise<any>) & WireAdapterConstructor<any, any>;
    const apexMethod: ApexMethod;
    export default apexMethod;
}

declare module '@salesforce/apex' {
    export function refreshApex(wiredValue: unknown): Promise<void>;
    export function getSObjectValue(record: unknown, field: unknown): unknown;
}

declare module '@salesforce/schema/*' {
    const field: { fieldApiName: string; objectApiName: string };
    export default field;
}

declare module '@salesforce/label/*' {
    const label: string;
    export default label;
}

declare module '@salesforce/customPermission/*' {
    const hasPermission: boolean | undefined;
    export default hasPermission;
}

declare module 'lightning/uiRecordApi' {
    import type { WireAdapterConstructor } from 'lwc';
    export const getRecord: WireAdapterConstructor<
        { recordId: string; fields?: unknown[]; optionalFields?: unknown[]; layoutTypes?: string[] },
        any
    >;
    export function getFieldValue(record: unknown, field: unknown): unknown;
    export function updateRecord(recordInput: unknown): Promise<any>;
    export function createRecord(recordInput: unknown): Promise<any>;
    export function deleteRecord(recordId: string): Promise<void>;
    export function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<any>;
}

declare module 'lightning/platformShowToastEvent' {
    export class ShowToastEvent extends CustomEvent<unknown> {
        constructor(init: {
            title: string;
            message?: string;
            variant?: 'info' | 'success' | 'warning' | 'error';
            mode?: 'dismissible' | 'pester' | 'sticky';
        });
    }
}

declare module 'lightning/navigation' {
    import type { LightningElement } from 'lwc';
    export interface PageReference {
        type: string;
        attributes?: Record<string, unknown>;
        state?: Record<string, unknown>;
    }
    type Constructor<T = object> = new (...args: any[]) => T;
    export function NavigationMixin<T extends Constructor<LightningElement>>(
        base: T
    ): T & Constructor<{ [key: symbol]: (pageRef: PageReference, replace?: boolean) => unknown }>;
    export namespace NavigationMixin {
        const Navigate: unique symbol;
        const GenerateUrl: unique symbol;
    }
}

declare module 'c/*' {
    import { LightningElement } from 'lwc';
    const Cmp: typeof LightningElement;
    export default Cmp;
}

declare module 'lightning/empApi' {
    export interface EmpSubscription {
        channel?: string;
    }
    export function subscribe(
        channel: string,
        replayId: number,
        onMessage: (message: { data: { payload: Record<string, unknown> } }) => void
    ): Promise<EmpSubscription>;
    export function unsubscribe(
        subscription: EmpSubscription,
        callback?: (response: unknown) => void
    ): Promise<unknown>;
    export function onError(callback: (error: unknown) => void): void;
}
