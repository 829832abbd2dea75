import { LightningElement } from 'lwc';
import { subscribe, unsubscribe, onError } from 'lightning/empApi';
import getMappings from '@salesforce/apex/D365SyncMappingController.getMappings';
import validate from '@salesforce/apex/D365SyncMappingController.validate';
import preview from '@salesforce/apex/D365SyncMappingController.preview';
import save from '@salesforce/apex/D365SyncMappingController.save';
import { prettyJson, readableError } from 'c/d365SyncUtils';

/** Platform event published by D365SyncMappingDeployCallback when a deployment finishes. */
export const DEPLOY_CHANNEL = '/event/D365_Mapping_Deploy__e';

export const DATA_TYPES = ['string', 'number', 'boolean', 'date', 'datetime', 'picklist'];

/** Who owns a field (Owner__c, docs/field-mapping.md "Field ownership and conflicts"); a blank owner is salesforce. */
export const OWNERS = [
    { label: 'Salesforce', value: 'salesforce' },
    { label: 'D365', value: 'd365' },
    { label: 'Both', value: 'both' }
];

interface Row extends D365Sync.MappingEntry {
    key: string;
    isNew: boolean;
    issueText: string;
    rowClass: string;
}

/** Salesforce ids compare on their 15-character case-sensitive form. */
const sameId = (a: unknown, b: unknown): boolean =>
    typeof a === 'string' && typeof b === 'string' && a.substring(0, 15) === b.substring(0, 15);

/**
 * Admin editor of the Account → D365 field mapping (D365_Field_Mapping__mdt): lists and edits the entries,
 * checks them against the org's schema, previews the JSON body for one Account and saves by a metadata
 * deployment whose result arrives as a platform event.
 */
export default class D365SyncMappingEditor extends LightningElement {
    rows: Row[] = [];
    canSave = false;
    isLoading = true;
    isBusy = false;
    error?: string;
    issues: D365Sync.MappingIssue[] = [];
    validated = false;
    accountId = '';
    payload?: string;
    previewError?: string;
    deploy?: D365Sync.MappingDeployState;
    private subscription?: Awaited<ReturnType<typeof subscribe>>;
    private nextKey = 0;

    readonly typeOptions = DATA_TYPES.map((t) => ({ label: t, value: t }));
    readonly ownerOptions = OWNERS;

    override connectedCallback(): void {
        onError((e) => {
            if (this.deploy?.status === 'Queued') {
                this.deploy = { ...this.deploy, message: `Waiting for the result failed: ${readableError(e)}` };
            }
        });
        this.load();
    }

    override disconnectedCallback(): void {
        this.stopListening();
    }

    async load(): Promise<void> {
        this.isLoading = true;
        try {
            const view: D365Sync.MappingView = await getMappings();
            this.canSave = view.canSave;
            this.rows = view.entries.map((e) => this.toRow({ ...e, owner: e.owner || 'salesforce' }, false));
            this.error = undefined;
        } catch (e) {
            this.error = readableError(e);
        } finally {
            this.isLoading = false;
        }
    }

    get hasIssues(): boolean {
        return this.issues.length > 0;
    }

    get isValid(): boolean {
        return this.validated && this.issues.length === 0;
    }

    get saveDisabled(): boolean {
        return !this.canSave || this.isBusy || this.deploy?.status === 'Queued';
    }

    get deployText(): string {
        if (!this.deploy) return '';
        if (this.deploy.status === 'Queued') return `Deployment ${this.deploy.jobId} queued: waiting for its result…`;
        if (this.deploy.status === 'Succeeded') return `Deployment ${this.deploy.jobId} succeeded.`;
        return `Deployment ${this.deploy.jobId} ${this.deploy.status}: ${this.deploy.message ?? ''}`;
    }

    get deployClass(): string {
        const theme =
            this.deploy?.status === 'Succeeded'
                ? 'slds-theme_success'
                : this.deploy?.status === 'Queued'
                  ? 'slds-theme_info'
                  : 'slds-theme_error';
        return `slds-box slds-box_x-small slds-m-top_small deploy-status ${theme}`;
    }

    handleField(event: Event): void {
        const target = event.target as HTMLInputElement & { dataset: DOMStringMap; checked?: boolean };
        const { key, field } = target.dataset;
        const isCheckbox = target.type === 'checkbox' || field === 'required' || field === 'active';
        const raw: unknown = isCheckbox ? target.checked : ((event as CustomEvent).detail?.value ?? target.value);
        const value = field === 'maxLength' ? (raw === '' || raw == null ? null : Number(raw)) : raw;
        this.rows = this.rows.map((r) => (r.key === key ? { ...r, [field as string]: value } : r));
        this.validated = false;
    }

    handleAdd(): void {
        this.rows = [
            ...this.rows,
            this.toRow(
                {
                    name: '',
                    sourceField: '',
                    targetProperty: '',
                    dataType: 'string',
                    owner: 'salesforce',
                    required: false,
                    active: true
                },
                true
            )
        ];
        this.validated = false;
    }

    handleAccountId(event: CustomEvent): void {
        this.accountId = (event.detail?.value ?? (event.target as HTMLInputElement).value ?? '').trim();
    }

    async handleValidate(): Promise<void> {
        await this.run(async () => {
            this.showIssues(await validate({ entries: this.entries() }));
        });
    }

    async handlePreview(): Promise<void> {
        this.payload = undefined;
        this.previewError = undefined;
        if (!this.accountId) {
            this.previewError = 'Enter the Id of an Account to preview.';
            return;
        }
        await this.run(async () => {
            try {
                this.payload = prettyJson(await preview({ accountId: this.accountId, entries: this.entries() }));
            } catch (e) {
                this.previewError = readableError(e);
            }
        });
    }

    async handleSave(): Promise<void> {
        await this.run(async () => {
            const issues: D365Sync.MappingIssue[] = await validate({ entries: this.entries() });
            this.showIssues(issues);
            if (issues.length) return;
            try {
                const result: D365Sync.MappingSaveResult = await save({ entries: this.entries() });
                this.deploy = { jobId: result.jobId, status: 'Queued' };
                await this.listen(result.jobId);
            } catch (e) {
                this.error = readableError(e);
            }
        });
    }

    private async listen(jobId: string): Promise<void> {
        this.stopListening();
        this.subscription = await subscribe(DEPLOY_CHANNEL, -1, (message) => {
            const p = message.data.payload;
            if (!sameId(p.Job_Id__c, jobId)) return;
            this.deploy = { jobId, status: String(p.Status__c), message: (p.Message__c as string) ?? undefined };
            this.stopListening();
            if (this.deploy.status === 'Succeeded') this.load();
        });
    }

    private stopListening(): void {
        if (this.subscription) {
            unsubscribe(this.subscription);
            this.subscription = undefined;
        }
    }

    private async run(work: () => Promise<void>): Promise<void> {
        this.isBusy = true;
        this.error = undefined;
        try {
            await work();
        } catch (e) {
            this.error = readableError(e);
        } finally {
            this.isBusy = false;
        }
    }

    private showIssues(issues: D365Sync.MappingIssue[]): void {
        this.issues = issues;
        this.validated = true;
        this.rows = this.rows.map((r) => {
            const mine = issues.filter((i) => i.entry === (r.name?.trim() || '(no name)'));
            return {
                ...r,
                issueText: mine.map((i) => i.message).join(' '),
                rowClass: mine.length ? 'slds-hint-parent row-invalid' : 'slds-hint-parent'
            };
        });
    }

    private entries(): D365Sync.MappingEntry[] {
        return this.rows.map((r) => ({
            name: r.name,
            label: r.label,
            sourceField: r.sourceField,
            targetProperty: r.targetProperty,
            dataType: r.dataType,
            owner: r.owner,
            maxLength: r.maxLength,
            required: r.required,
            defaultValue: r.defaultValue,
            valueMap: r.valueMap,
            sortOrder: r.sortOrder,
            active: r.active
        }));
    }

    private toRow(entry: D365Sync.MappingEntry, isNew: boolean): Row {
        return { ...entry, key: `row-${this.nextKey++}`, isNew, issueText: '', rowClass: 'slds-hint-parent' };
    }
}
