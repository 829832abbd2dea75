/**
 * The Metadata namespace model (stdlib/metadata.ts): what a custom-metadata deployment's tests use, per Apex
 * Developer Guide "Testing Metadata Deployments" — check the DeployContainer, call the DeployCallback with a
 * DeployResult the test builds; a real deployment (Operations.enqueueDeployment) is unsupported.
 */
import * as os from 'node:os';
import { loadProgram } from '../../project/load';
import { Session } from '../../session';

const session = (): Session =>
    new Session(loadProgram({ root: os.tmpdir(), sourceDirs: [], classes: [], triggers: [] }));

function run(apex: string): { outcome: unknown; debug: string[] } {
    const s = session();
    const outcome = s.runAnonymous(apex);
    return { outcome, debug: s.debug.map((d) => d.message) };
}

describe('Metadata namespace (custom metadata deployment)', () => {
    it('builds CustomMetadata records with values and collects them in a DeployContainer', () => {
        const { outcome, debug } = run(`
            Metadata.CustomMetadata md = new Metadata.CustomMetadata();
            md.fullName = 'Mapping.Phone';
            md.label = 'Phone';
            Metadata.CustomMetadataValue v = new Metadata.CustomMetadataValue();
            v.field = 'Max_Length__c';
            v.value = 255;
            md.values.add(v);
            Metadata.DeployContainer c = new Metadata.DeployContainer();
            c.addMetadata(md);
            List<Metadata.Metadata> items = c.getMetadata();
            items.clear();
            Metadata.CustomMetadata got = (Metadata.CustomMetadata) c.getMetadata()[0];
            System.debug(c.getMetadata().size() + ' ' + got.fullName + ' ' + got.values[0].field + '=' + got.values[0].value);
            System.debug(got instanceof Metadata.Metadata);
        `);
        expect(outcome).toEqual({ kind: 'ok' });
        // getMetadata returns a copy: clearing it leaves the container as it was
        expect(debug).toEqual(['1 Mapping.Phone Max_Length__c=255', 'true']);
    });

    it('lets a test build a DeployResult with a DeployStatus', () => {
        const { outcome, debug } = run(`
            Metadata.DeployResult r = new Metadata.DeployResult();
            r.id = '0Af000000000001AAA';
            r.status = Metadata.DeployStatus.Failed;
            r.success = false;
            r.errorMessage = 'bad value';
            System.debug(r.id + ' ' + r.status + ' ' + r.success + ' ' + r.errorMessage);
            System.debug(r.status == Metadata.DeployStatus.Succeeded);
            System.debug(new Metadata.DeployResult().status);
        `);
        expect(outcome).toEqual({ kind: 'ok' });
        expect(debug).toEqual(['0Af000000000001AAA Failed false bad value', 'false', 'null']);
    });

    it('lets a class implement Metadata.DeployCallback and be called with a built result', () => {
        const s = session();
        const outcome = s.runAnonymous(`
            Metadata.DeployCallback cb = new Cb();
            Metadata.DeployResult r = new Metadata.DeployResult();
            r.status = Metadata.DeployStatus.Succeeded;
            cb.handleResult(r, null);
            public class Cb implements Metadata.DeployCallback {
                public void handleResult(Metadata.DeployResult result, Metadata.DeployCallbackContext context) {
                    System.debug('handled ' + result.status);
                }
            }
        `);
        expect(outcome).toEqual({ kind: 'ok' });
        expect(s.debug.map((d) => d.message)).toEqual(['handled Succeeded']);
    });

    it('leaves a real deployment and platform-made contexts unsupported', () => {
        const deploy = run(`
            Metadata.Operations.enqueueDeployment(new Metadata.DeployContainer(), null);
        `);
        expect(deploy.outcome).toMatchObject({ kind: 'unsupported' });
        expect((deploy.outcome as { message: string }).message).toMatch(/Metadata\.Operations\.enqueueDeployment/);
        const context = run(`Object o = new Metadata.DeployCallbackContext();`);
        expect(context.outcome).toMatchObject({ kind: 'unsupported' });
        const retrieve = run(`Metadata.Operations.retrieve(null, null);`);
        expect(retrieve.outcome).toMatchObject({ kind: 'unsupported' });
    });

    it('throws NullPointerException for a null component', () => {
        const { outcome } = run(`new Metadata.DeployContainer().addMetadata(null);`);
        expect(outcome).toMatchObject({ kind: 'exception', type: 'System.NullPointerException' });
    });
});
