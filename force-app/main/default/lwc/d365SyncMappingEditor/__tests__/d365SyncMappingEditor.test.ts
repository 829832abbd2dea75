import { createElement } from 'lwc';
import D365SyncMappingEditor, { DEPLOY_CHANNEL } from 'c/d365SyncMappingEditor';
import { subscribe, unsubscribe } from 'lightning/empApi';
import getMappings from '@salesforce/apex/D365SyncMappingController.getMappings';
import validate from '@salesforce/apex/D365SyncMappingController.validate';
import preview from '@salesforce/apex/D365SyncMappingController.preview';
import save from '@salesforce/apex/D365SyncMappingController.save';
import { findA11yViolations } from '../../__tests__/helpers/a11y';
import { flushPromises } from '../../__tests__/helpers/flushPromises';

const mappings = require('./data/mappings.json');

jest.mock('@salesforce/apex/D365SyncMappingController.getMappings', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/D365SyncMappingController.validate', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/D365SyncMappingController.preview', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/D365SyncMappingController.save', () => ({ default: jest.fn() }), {
    virtual: true
});

const JOB_ID = '0Af000000000042AAA';

async function mount(view: unknown = mappings): Promise<HTMLElement> {
    (getMappings as jest.Mock).mockResolvedValue(JSON.parse(JSON.stringify(view)));
    const element = createElement('c-d365-sync-mapping-editor', { is: D365SyncMappingEditor });
    document.body.appendChild(element);
    await flushPromises();
    return element;
}

const $ = (element: HTMLElement, selector: string): any => element.shadowRoot!.querySelector(selector);
const $$ = (element: HTMLElement, selector: string): any[] => [...element.shadowRoot!.querySelectorAll(selector)];

function change(input: any, value: unknown): void {
    if (input.type === 'checkbox') input.checked = value;
    else input.value = value;
    input.dispatchEvent(new CustomEvent('change', { detail: { value, checked: value } }));
}

async function click(element: HTMLElement, selector: string): Promise<void> {
    $(element, selector).click();
    await flushPromises();
}

describe('c-d365-sync-mapping-editor', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('lists the entries of the org with their field, property, type and length', async () => {
        const element = await mount();
        expect($$(element, '.entry-name').map((e) => e.textContent)).toEqual([
            'Account_Number',
            'Account_Name',
            'Phone'
        ]);
        expect($$(element, '.input-source').map((e) => e.value)).toEqual(['D365_Account_Number__c', 'Name', 'Phone']);
        expect($$(element, '.input-target')[1].value).toBe('OrganizationName');
        expect($$(element, '.input-length')[1].value).toBe(100);
        expect($$(element, '.input-required')[1].checked).toBe(true);
        expect($(element, '.save-button').disabled).toBe(false);
        expect($(element, '.read-only-note')).toBeNull();
    });

    it('shows who owns each field, Salesforce for a record saved without an owner', async () => {
        const element = await mount();
        const owners = $$(element, '.input-owner');
        // Phone's record has no Owner__c (saved before ownership existed): blank means salesforce
        expect(owners.map((e) => e.value)).toEqual(['d365', 'salesforce', 'salesforce']);
        expect(owners[0].options.map((o: { value: string }) => o.value)).toEqual(['salesforce', 'd365', 'both']);
        expect($(element, '.owner-note').textContent).toContain('D365 — written by D365, read-only for');
    });

    it('sends an edited owner with the entries, and salesforce for a new entry', async () => {
        (validate as jest.Mock).mockResolvedValue([]);
        const element = await mount();
        change($$(element, '.input-owner')[2], 'both');
        await click(element, '.add-button');
        await click(element, '.validate-button');
        const sent = (validate as jest.Mock).mock.calls[0][0].entries;
        expect(sent.map((e: D365Sync.MappingEntry) => e.owner)).toEqual(['d365', 'salesforce', 'both', 'salesforce']);
    });

    it('lets a user without the admin permission check and preview but not save', async () => {
        const element = await mount({ ...mappings, canSave: false });
        expect($(element, '.save-button').disabled).toBe(true);
        expect($(element, '.read-only-note')).not.toBeNull();
    });

    it('shows each problem the server finds next to its entry', async () => {
        (validate as jest.Mock).mockResolvedValue([
            {
                entry: 'Phone',
                field: 'dataType',
                message: 'Entry Phone: Account field Phone is PHONE and does not convert to number.'
            }
        ]);
        const element = await mount();
        change($$(element, '.input-type')[2], 'number');
        await click(element, '.validate-button');

        const sent = (validate as jest.Mock).mock.calls[0][0].entries;
        expect(sent[2]).toEqual(expect.objectContaining({ name: 'Phone', dataType: 'number' }));
        expect(sent[2].key).toBeUndefined();
        expect($$(element, '.issue').map((i) => i.textContent)).toEqual([
            'Entry Phone: Account field Phone is PHONE and does not convert to number.'
        ]);
        expect($$(element, '.row-issue')).toHaveLength(1);
        expect($$(element, 'tr.row-invalid')[0].dataset.key).toBe($$(element, 'tbody tr')[2].dataset.key);
        expect($(element, '.valid-note')).toBeNull();
    });

    it('confirms a mapping without problems', async () => {
        (validate as jest.Mock).mockResolvedValue([]);
        const element = await mount();
        await click(element, '.validate-button');
        expect($(element, '.valid-note')).not.toBeNull();
        expect($(element, '.issues')).toBeNull();
    });

    it('adds a new entry whose name can be typed', async () => {
        (validate as jest.Mock).mockResolvedValue([]);
        const element = await mount();
        await click(element, '.add-button');
        change($(element, '.input-name'), 'Website');
        change($$(element, '.input-source')[3], 'Website');
        change($$(element, '.input-target')[3], 'PrimaryContactURL');
        change($$(element, '.input-length')[3], '255');
        await click(element, '.validate-button');
        const sent = (validate as jest.Mock).mock.calls[0][0].entries;
        expect(sent).toHaveLength(4);
        expect(sent[3]).toEqual(
            expect.objectContaining({
                name: 'Website',
                sourceField: 'Website',
                targetProperty: 'PrimaryContactURL',
                dataType: 'string',
                maxLength: 255,
                active: true
            })
        );
    });

    it('saves, shows the deployment id, then its success from the platform event and reloads', async () => {
        (validate as jest.Mock).mockResolvedValue([]);
        (save as jest.Mock).mockResolvedValue({ jobId: JOB_ID, recordCount: 3 });
        let onMessage: (m: unknown) => void = () => undefined;
        (subscribe as jest.Mock).mockImplementation((_channel, _replay, cb) => {
            onMessage = cb;
            return Promise.resolve({ channel: DEPLOY_CHANNEL });
        });
        const element = await mount();
        change($$(element, '.input-active')[2], false);
        await click(element, '.save-button');

        expect((save as jest.Mock).mock.calls[0][0].entries[2].active).toBe(false);
        expect(subscribe).toHaveBeenCalledWith(DEPLOY_CHANNEL, -1, expect.any(Function));
        expect($(element, '.deploy-text').textContent).toBe(`Deployment ${JOB_ID} queued: waiting for its result…`);
        expect($(element, '.save-button').disabled).toBe(true);

        onMessage({ data: { payload: { Job_Id__c: '0Af000000000099AAA', Status__c: 'Failed' } } });
        await flushPromises();
        expect($(element, '.deploy-text').textContent).toContain('queued');

        onMessage({ data: { payload: { Job_Id__c: JOB_ID, Status__c: 'Succeeded' } } });
        await flushPromises();
        expect($(element, '.deploy-text').textContent).toBe(`Deployment ${JOB_ID} succeeded.`);
        expect(unsubscribe).toHaveBeenCalled();
        expect(getMappings).toHaveBeenCalledTimes(2);
    });

    it('shows why a deployment failed', async () => {
        (validate as jest.Mock).mockResolvedValue([]);
        (save as jest.Mock).mockResolvedValue({ jobId: JOB_ID, recordCount: 3 });
        let onMessage: (m: unknown) => void = () => undefined;
        (subscribe as jest.Mock).mockImplementation((_channel, _replay, cb) => {
            onMessage = cb;
            return Promise.resolve({});
        });
        const element = await mount();
        await click(element, '.save-button');
        onMessage({
            data: { payload: { Job_Id__c: JOB_ID.substring(0, 15), Status__c: 'Failed', Message__c: 'Bad value' } }
        });
        await flushPromises();
        expect($(element, '.deploy-text').textContent).toBe(`Deployment ${JOB_ID} Failed: Bad value`);
        expect($(element, '.deploy-status').className).toContain('slds-theme_error');
        expect(getMappings).toHaveBeenCalledTimes(1);
    });

    it('does not save a mapping with problems', async () => {
        (validate as jest.Mock).mockResolvedValue([{ entry: 'Phone', field: 'name', message: 'Entry Phone: bad' }]);
        const element = await mount();
        await click(element, '.save-button');
        expect(save).not.toHaveBeenCalled();
        expect($$(element, '.issue')).toHaveLength(1);
    });

    it('shows the server refusal when a save is not allowed', async () => {
        (validate as jest.Mock).mockResolvedValue([]);
        (save as jest.Mock).mockRejectedValue({ body: { message: 'Only D365 Sync admins can do this.' } });
        const element = await mount();
        await click(element, '.save-button');
        expect($(element, 'c-d365-sync-error-panel').message).toBe('Only D365 Sync admins can do this.');
        expect(subscribe).not.toHaveBeenCalled();
    });

    it('previews the JSON body of the chosen Account, pretty-printed', async () => {
        (preview as jest.Mock).mockResolvedValue('{"salesforceId":"001000000000001AAA","OrganizationName":"Acme"}');
        const element = await mount();
        change($(element, '.account-input'), ' 001000000000001AAA ');
        await click(element, '.preview-button');
        expect((preview as jest.Mock).mock.calls[0][0].accountId).toBe('001000000000001AAA');
        expect($(element, '.payload').textContent).toBe(
            JSON.stringify({ salesforceId: '001000000000001AAA', OrganizationName: 'Acme' }, null, 2)
        );
    });

    it('asks for an Account before previewing and shows why a preview failed', async () => {
        (preview as jest.Mock).mockRejectedValue({ body: { message: 'Required field Fax is empty.' } });
        const element = await mount();
        await click(element, '.preview-button');
        expect($(element, '.preview-error').textContent).toBe('Enter the Id of an Account to preview.');
        expect(preview).not.toHaveBeenCalled();
        change($(element, '.account-input'), '001000000000001AAA');
        await click(element, '.preview-button');
        expect($(element, '.preview-error').textContent).toBe('Required field Fax is empty.');
        expect($(element, '.payload')).toBeNull();
    });

    it('shows a load error', async () => {
        (getMappings as jest.Mock).mockRejectedValue({
            body: { message: "Access to entity 'D365_Field_Mapping__mdt' denied" }
        });
        const element = createElement('c-d365-sync-mapping-editor', { is: D365SyncMappingEditor });
        document.body.appendChild(element);
        await flushPromises();
        expect($(element, 'c-d365-sync-error-panel').message).toContain('D365_Field_Mapping__mdt');
        expect($(element, '.mapping-table')).not.toBeNull();
    });

    it('is accessible', async () => {
        (validate as jest.Mock).mockResolvedValue([{ entry: 'Phone', field: 'name', message: 'Entry Phone: bad' }]);
        const element = await mount();
        await click(element, '.add-button');
        await click(element, '.validate-button');
        expect(await findA11yViolations(element)).toEqual([]);
    });
});
