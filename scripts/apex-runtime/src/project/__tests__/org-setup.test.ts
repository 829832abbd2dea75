// The permission sets a project's CI assigns to the org's default user before its Apex test run (project/org-setup.ts).
import { permissionSetsAssignedBeforeTests } from '../org-setup';

describe('permissionSetsAssignedBeforeTests', () => {
    it('reads sf and sfdx assignments that precede the Apex test run', () => {
        const yml = [
            '      - run: sf project deploy start',
            '      - run: sf org assign permset -n recipes',
            '      - run: sfdx force:user:permset:assign -n ebikes,Walkthroughs -u scratch-org',
            '      - run: sf org assign permset --name Extra --name=Other',
            '      - run: sf apex run test -c -r human -w 20'
        ].join('\n');
        expect(permissionSetsAssignedBeforeTests(yml)).toEqual(['recipes', 'ebikes', 'Walkthroughs', 'Extra', 'Other']);
    });

    it('ignores assignments to other users, comments, and steps after the run', () => {
        const yml = [
            '      - run: sf org assign permset -n ForOthers -b someone@example.com',
            '      - run: sfdx force:user:permset:assign -n AlsoOthers -o someone@example.com',
            '      # - run: sf org assign permset -n Commented',
            '      - run: sfdx force:apex:test:run -c -r human',
            '      - run: sf org assign permset -n Later'
        ].join('\n');
        expect(permissionSetsAssignedBeforeTests(yml)).toEqual([]);
    });

    it('keeps sf org assign permset -o (the target org, not a user)', () => {
        expect(
            permissionSetsAssignedBeforeTests('sf org assign permset -n dreamhouse -o scratch\nsf apex test run -w 10')
        ).toEqual(['dreamhouse']);
    });

    it('assigns nothing when the workflow runs no Apex tests', () => {
        expect(permissionSetsAssignedBeforeTests('sf org assign permset -n recipes')).toEqual([]);
    });
});
