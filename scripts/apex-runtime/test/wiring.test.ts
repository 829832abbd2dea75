/**
 * Interpreter wiring of data-layer features (docs/apex-runtime-internals.md): the catalogue-gap rule
 * for sObject field access / describe, SOSL with Test.setFixedSearchResults, Database.convertLead.
 */
import { Program } from '../src/interp/interpreter';
import { Session } from '../src/session';

const run = (src: string) => {
    const s = new Session(new Program());
    const o = s.runAnonymous(src, 'snippet.apex');
    return { o, debug: s.debug.map((d) => d.message) };
};

describe('catalogue gaps: a standard-looking field missing on a standard object is unsupported, not an error', () => {
    const gap = 'field Account.ZzNotInCatalogue (not in the standard-object catalogue)';
    it.each([
        ["Account a = new Account(Name = 'x'); System.debug(a.ZzNotInCatalogue);"],
        ["Account a = new Account(Name = 'x'); a.ZzNotInCatalogue = 'q';"],
        ["Account a = new Account(Name = 'x'); a.put('ZzNotInCatalogue', 'q');"],
        ["Account a = new Account(Name = 'x'); System.debug(a.get('ZzNotInCatalogue'));"],
        ['System.debug(Schema.SObjectType.Account.fields.ZzNotInCatalogue.getName());'],
        ['System.debug(Account.Fields.ZzNotInCatalogue);']
    ])('%s', (src) => {
        expect(run(src).o).toMatchObject({ kind: 'unsupported', construct: gap });
    });
    it('custom-looking names keep the platform errors', () => {
        expect(run("Account a = new Account(Name = 'x'); System.debug(a.Foo__c);").o).toMatchObject({
            kind: 'compile',
            message: expect.stringMatching(/^Invalid field Foo__c for Account/)
        });
        expect(run("Account a = new Account(Name = 'x'); System.debug(a.get('Foo__c'));").o).toMatchObject({
            kind: 'exception',
            type: 'System.SObjectException',
            message: 'Invalid field Foo__c for Account'
        });
    });
    it('known standard fields still work', () => {
        const r = run("Account a = new Account(Name = 'x'); a.put('Phone', '1'); System.debug(a.get('Phone'));");
        expect(r).toEqual({ o: { kind: 'ok' }, debug: ['1'] });
    });
});

describe('SOSL', () => {
    it('outside a test the search index is not modelled → unsupported', () => {
        expect(run("List<List<SObject>> r = [FIND 'x' RETURNING Account];").o).toMatchObject({
            kind: 'unsupported',
            construct: 'SOSL outside a test (the search index is not modelled)'
        });
        expect(run('Test.setFixedSearchResults(new List<Id>());').o).toMatchObject({ kind: 'unsupported' });
    });
});
