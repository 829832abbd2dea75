// `npm run setup` against the fake org (fake-org.ts): order, idempotence, dry run, refusals, no secret in output.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { SecretSource } from '../../generators/credentials/secret-input';
import { captureIo, cleanupTempDirs, tempDir, xmllint } from '../../generators/__tests__/helpers';
import { main } from '../main';
import { apimUrlProblem, isPlaceholderUrl } from '../apim-url';
import { oauthPoliciesWithRunAs } from '../inbound-app';
import { subscriberConfigWithUser } from '../callout-user';
import { FakeOrg, PLACEHOLDER, TOKEN, shippedSettings } from './fake-org';

afterAll(cleanupTempDirs);

const KEY = 'setup-test-subscription-key-not-real';
const APIM = 'https://contoso.azure-api.net/d365';
const PEOPLE = [
    '--admins',
    'admin@example.com',
    '--approvers',
    'approver@example.com',
    '--integration-user',
    'd365-integration@example.com',
    '--callout-user',
    'd365-callout@example.com'
];

function secrets(env: string | undefined, stdin = ''): SecretSource {
    return {
        env: env === undefined ? {} : { D365_APIM_SUBSCRIPTION_KEY: env },
        stdin: Readable.from(stdin ? [stdin] : []) as unknown as NodeJS.ReadStream,
        prompt: process.stderr
    };
}

async function setup(org: FakeOrg, args: string[], key?: string, stdin = '') {
    const io = captureIo();
    const code = await main(['--target-org', 'dev', ...args], io, {
        run: org.run,
        fetch: org.fetch,
        secretSource: secrets(key, stdin)
    });
    const text = io.text();
    expect(text).not.toContain(TOKEN);
    if (key) expect(text).not.toContain(key);
    return { code, io, text, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('npm run setup', () => {
    it('does the post-deploy steps of a fresh org in the safe order, without printing the key', async () => {
        const org = new FakeOrg();
        const run = await setup(org, ['--apim-url', APIM, ...PEOPLE, '--enable'], KEY);
        expect(run.err).toBe('');
        expect(run.code).toBe(0);
        expect(org.writes.map((w) => `${w.kind} ${w.detail}`)).toEqual([
            'deploy CustomMetadata:D365_Sync_Setting.Default NamedCredential:D365_APIM',
            `nc-url ${APIM}`,
            'credential POST SubscriptionKey',
            'insert PermissionSetAssignment 0PS000000000001AAA:005000000000001AAA',
            'insert PermissionSetAssignment 0PS000000000002AAA:005000000000002AAA',
            'insert PermissionSetAssignment 0PS000000000003AAA:005000000000003AAA',
            'insert PermissionSetAssignment 0PS000000000004AAA:005000000000004AAA',
            'deploy-dir D365_Sync_Setting.Default Enabled__c=false',
            'deploy-dir D365SyncKickTriggerConfig user d365-callout@example.com',
            'apex schedule-retry-job.apex',
            'apex schedule-purge-job.apex',
            'apex test-connection.apex',
            'deploy-dir D365_Sync_Setting.Default Enabled__c=true',
            'deploy ExtlClntAppGlobalOauthSettings:D365_Sync_Inbound_glbloauth',
            'deploy-dir D365_Sync_Inbound_oauthPlcy Run As d365-integration@example.com'
        ]);
        expect(org.runAs).toBe('d365-integration@example.com');
        expect(org.clientCredentialsFlow).toBe(true);
        expect(org.storedKey).toBe(KEY);
        expect(org.namedCredential?.calloutUrl).toBe(APIM);
        // only Enabled__c changed: every other value of the record is what the org had
        expect(org.settings).toEqual({
            ...shippedSettings(),
            Callout_User__c: 'd365-callout@example.com',
            Enabled__c: true
        });
        // every callout runs as the callout user: the kick trigger's subscriber config names it
        expect(org.kickUser).toBe('d365-callout@example.com');
        expect(run.out).toContain(
            'created SubscriptionKey on D365_APIM / APIM_Subscription (from D365_APIM_SUBSCRIPTION_KEY; never printed)'
        );
        expect(run.out).toContain('Test connection: Reachable (HTTP 200');
        expect(run.out).toContain('Left to a person:');
        expect(run.out).toContain('Run As = d365-integration@example.com');
        expect(run.out).toMatch(/setup: changed 14, unchanged 0, left to a person 2$/);
        expect(run.out).not.toContain('Edit Policies');
    });

    it('schedules the alerts and purge job only when no live one exists', async () => {
        const org = new FakeOrg();
        org.cronJobs = [{ name: 'D365 Sync Purge', state: 'WAITING' }];
        const kept = await setup(org, ['--apim-url', APIM], KEY);
        expect(kept.code).toBe(0);
        expect(org.writes.map((w) => `${w.kind} ${w.detail}`)).not.toContain('apex schedule-purge-job.apex');
        expect(kept.out).toMatch(/unchanged +the alerts and purge job is scheduled/);

        const paused = new FakeOrg();
        paused.cronJobs = [{ name: 'D365 Sync Purge', state: 'PAUSED' }];
        const rescheduled = await setup(paused, ['--apim-url', APIM], KEY);
        expect(rescheduled.code).toBe(0);
        expect(paused.writes.map((w) => `${w.kind} ${w.detail}`)).toContain('apex schedule-purge-job.apex');
        expect(paused.cronJobs).toEqual(expect.arrayContaining([{ name: 'D365 Sync Purge', state: 'WAITING' }]));
    });

    it('changes nothing on a second run with the same arguments (the key is stored again only because it is given)', async () => {
        const org = new FakeOrg();
        await setup(org, ['--apim-url', APIM, ...PEOPLE, '--enable'], KEY);
        org.writes.length = 0;
        const again = await setup(org, ['--apim-url', APIM, ...PEOPLE, '--enable'], KEY);
        expect(again.code).toBe(0);
        expect(org.writes.map((w) => w.kind)).toEqual(['credential']);
        expect(again.out).toContain('updated SubscriptionKey');
        org.writes.length = 0;
        const noKey = await setup(org, ['--apim-url', APIM, ...PEOPLE, '--enable']);
        expect(noKey.code).toBe(0);
        expect(org.writes).toEqual([]);
        expect(noKey.out).toContain(
            'unchanged first-install: CustomMetadata:D365_Sync_Setting.Default, NamedCredential:D365_APIM already in the org'
        );
        expect(noKey.out).toContain('a subscription key is stored');
        expect(noKey.out).toContain('sending is enabled');
        expect(noKey.out).toMatch(/setup: changed 0, unchanged \d+, left to a person 3$/);
    });

    it('sets the Run As user only on the first install of the OAuth policies', async () => {
        const org = new FakeOrg();
        await setup(org, []);
        expect(org.metadata.get('ExtlClntAppOauthConfigurablePolicies')).toEqual(
            new Set(['D365_Sync_Inbound_oauthPlcy'])
        );
        expect(org.runAs).toBeNull();
        org.writes.length = 0;
        const later = await setup(org, ['--integration-user', 'd365-integration@example.com']);
        expect(later.code).toBe(0);
        expect(org.writes.map((w) => w.detail)).toEqual([
            'PermissionSetAssignment 0PS000000000003AAA:005000000000003AAA'
        ]);
        expect(later.out).toContain(
            'Edit Policies → OAuth Policies → Enable Client Credentials Flow, Run As = d365-integration@example.com'
        );
    });

    it('never redeploys first-install components an admin already owns', async () => {
        const org = new FakeOrg();
        org.metadata.set('NamedCredential', new Set(['D365_APIM']));
        org.namedCredential = { calloutUrl: 'https://admin-set.azure-api.net/d365' };
        org.metadata.get('CustomMetadata')!.add('D365_Sync_Setting.Default');
        org.settings = { ...shippedSettings(), Batch_Size__c: 20 };
        const run = await setup(org, []);
        expect(run.code).toBe(0);
        expect(org.writes.filter((w) => w.kind === 'deploy').map((w) => w.detail)).toEqual([
            'ExtlClntAppGlobalOauthSettings:D365_Sync_Inbound_glbloauth ExtlClntAppOauthConfigurablePolicies:D365_Sync_Inbound_oauthPlcy'
        ]);
        expect(org.namedCredential.calloutUrl).toBe('https://admin-set.azure-api.net/d365');
        expect(org.settings.Batch_Size__c).toBe(20);
        expect(run.out).toContain('Named Credential D365_APIM URL is https://admin-set.azure-api.net/d365');
    });

    it('prints the plan and changes nothing with --dry-run', async () => {
        const org = new FakeOrg();
        const run = await setup(org, ['--dry-run', '--apim-url', APIM, ...PEOPLE, '--enable'], KEY);
        expect(run.code).toBe(0);
        expect(org.writes).toEqual([]);
        expect(org.calls.filter((c) => /^(POST|PUT|PATCH|DELETE) /.test(c) || /deploy start|apex run/.test(c))).toEqual(
            []
        );
        expect(run.out).toContain('dry run: nothing is changed');
        const plan = run.io.stdout.filter((l) => l.trim().startsWith('would')).map((l) => l.trim().replace(/\s+/, ' '));
        expect(plan).toEqual([
            'would first-install: deploy CustomMetadata:D365_Sync_Setting.Default, NamedCredential:D365_APIM (absent in the org)',
            `would Named Credential D365_APIM URL: (not deployed yet) → ${APIM}`,
            'would store the subscription key (from D365_APIM_SUBSCRIPTION_KEY) on D365_APIM / APIM_Subscription',
            'would assign D365_Sync_Admin to admin@example.com',
            'would assign D365_Sync_User to approver@example.com',
            'would assign D365_Sync_Integration to d365-integration@example.com',
            'would assign D365_Sync_Callout to d365-callout@example.com',
            'would first-install: deploy PlatformEventSubscriberConfig:D365SyncKickTriggerConfig (the kick trigger runs as d365-callout@example.com) and D365_Sync_Setting.Default Callout_User__c',
            'would schedule the retry job every 15 minutes (scripts/apex/schedule-retry-job.apex), running as you',
            'would schedule the alerts and purge job every hour (scripts/apex/schedule-purge-job.apex), running as you',
            'would run Test connection, and enable sending only if it says Reachable',
            'would first-install: deploy ExtlClntAppGlobalOauthSettings:D365_Sync_Inbound_glbloauth (absent in the org)',
            'would first-install: deploy ExtlClntAppOauthConfigurablePolicies:D365_Sync_Inbound_oauthPlcy with the client-credentials flow on, Run As = d365-integration@example.com (absent in the org)'
        ]);
        expect(run.out).toMatch(/setup: would change 13, unchanged 0/);
    });

    it('does not read stdin in a dry run', async () => {
        const org = new FakeOrg();
        const io = captureIo();
        const stdin = new Readable({
            read() {
                this.destroy(new Error('stdin was read in a dry run'));
            }
        }) as unknown as NodeJS.ReadStream;
        const code = await main(['--target-org', 'dev', '--dry-run', '--apim-url', APIM, '--key-stdin'], io, {
            run: org.run,
            fetch: org.fetch,
            secretSource: { env: {}, stdin, prompt: process.stderr }
        });
        expect(io.stderr).toEqual([]);
        expect(code).toBe(0);
        expect(io.stdout.join('\n')).toMatch(/would +store the subscription key \(from stdin\)/);
        expect(org.storedKey).toBeNull();
    });

    it('reads the key from stdin with --key-stdin', async () => {
        const org = new FakeOrg();
        const run = await setup(org, ['--apim-url', APIM, '--key-stdin'], undefined, `${KEY}\n`);
        expect(run.code).toBe(0);
        expect(org.storedKey).toBe(KEY);
        expect(run.text).not.toContain(KEY);
    });

    it('never prints the key, not even when the org echoes it in an error', async () => {
        const org = new FakeOrg();
        org.echoCredentialError = true;
        const run = await setup(org, ['--apim-url', APIM, '--enable'], KEY);
        expect(run.code).toBe(1);
        expect(run.err).toContain('could not set the credential');
        expect(run.err).toContain('bad value ***');
        expect(org.settings?.Enabled__c).toBe(false);
    });

    it('refuses to store the key while the URL is the placeholder, and sends it nowhere', async () => {
        const org = new FakeOrg();
        const run = await setup(org, [], KEY);
        expect(run.code).toBe(1);
        expect(run.err).toContain(
            'refused: refusing to store the subscription key while the Named Credential URL is the placeholder'
        );
        expect(org.storedKey).toBeNull();
        expect(org.calls.filter((c) => c.includes('named-credentials/credential'))).toEqual([]);
        expect(org.writes.map((w) => w.kind)).toEqual(['deploy']);
        expect(run.out).toContain('stopped at a refusal');
    });

    it('refuses to enable sending with the placeholder URL', async () => {
        const org = new FakeOrg();
        const run = await setup(org, ['--enable']);
        expect(run.code).toBe(1);
        expect(run.err).toContain('refusing to enable sending: the Named Credential URL is still the placeholder');
        expect(org.settings?.Enabled__c).toBe(false);
        expect(org.writes.some((w) => w.kind === 'deploy-dir' || w.detail === 'test-connection.apex')).toBe(false);
    });

    it('refuses to enable sending without a stored key', async () => {
        const org = new FakeOrg();
        const run = await setup(org, ['--apim-url', APIM, '--enable']);
        expect(run.code).toBe(1);
        expect(run.err).toContain('refusing to enable sending: no subscription key is stored');
        expect(org.settings?.Enabled__c).toBe(false);
    });

    it('refuses to enable sending when Test connection is not Reachable', async () => {
        const org = new FakeOrg();
        org.connection = 'Key Rejected';
        const run = await setup(org, ['--apim-url', APIM, '--enable'], KEY);
        expect(run.code).toBe(1);
        expect(run.err).toContain('refusing to enable sending: Test connection says Key Rejected (HTTP 200');
        expect(org.settings?.Enabled__c).toBe(false);
    });

    it('leaves enabling to a person without --enable, and lists every open step', async () => {
        const org = new FakeOrg();
        const run = await setup(org, []);
        expect(run.code).toBe(0);
        const todo = run.io.stdout.slice(run.io.stdout.indexOf('Left to a person:') + 1, -1);
        expect(todo.map((l) => l.replace(/^\s+\d+\. /, '').split(':')[0])).toEqual([
            'set the APIM URL',
            'after the URL, store the subscription key',
            'assign permission sets',
            'choose the user every D365 callout runs as (until then the Automated Process user, which cannot call out)',
            'enable sending once Test connection says Reachable',
            'client credentials for D365',
            'approval process "D365 Sync Approval"',
            'Account record page'
        ]);
        expect(org.settings?.Enabled__c).toBe(false);
    });

    it('explains the org setting when the External Client App global OAuth settings do not deploy', async () => {
        const org = new FakeOrg();
        org.failingTypes.add('ExtlClntAppGlobalOauthSettings');
        const run = await setup(org, []);
        expect(run.code).toBe(1);
        expect(run.err).toContain('Allow access to External Client App consumer secrets');
    });

    it('fails on an unknown username before assigning anything', async () => {
        const org = new FakeOrg();
        const run = await setup(org, ['--admins', 'admin@example.com,nobody@example.com']);
        expect(run.code).toBe(1);
        expect(run.err).toContain('no user with username "nobody@example.com"');
        expect(org.assignments).toEqual([]);
    });

    it.each([
        [['--apim-url', 'http://contoso.azure-api.net/d365'], 'must use https'],
        [['--apim-url', PLACEHOLDER], 'reserved placeholder'],
        [['--key', KEY], 'never passed as an argument'],
        [['--subscription-key=x'], 'never passed as an argument']
    ])('exits 2 on %j', async (args, message) => {
        const org = new FakeOrg();
        const run = await setup(org, args);
        expect(run.code).toBe(2);
        expect(run.err).toContain(message);
        expect(org.calls).toEqual([]);
    });

    it('exits 2 without --target-org', async () => {
        const io = captureIo();
        expect(await main([], io, { secretSource: secrets(undefined) })).toBe(2);
        expect(io.stderr.join('\n')).toContain('--target-org ALIAS is required');
    });
});

describe('placeholder and APIM URL rules', () => {
    it('treats the shipped placeholder and any .invalid host as not configured (RFC 2606 §2)', () => {
        expect(isPlaceholderUrl(PLACEHOLDER)).toBe(true);
        expect(isPlaceholderUrl('https://x.invalid')).toBe(true);
        expect(isPlaceholderUrl(undefined)).toBe(true);
        expect(isPlaceholderUrl(APIM)).toBe(false);
    });

    it('accepts only plain https URLs for --apim-url', () => {
        expect(apimUrlProblem(APIM)).toBeNull();
        expect(apimUrlProblem('https://user:pw@contoso.azure-api.net')).toContain('credentials');
        expect(apimUrlProblem('https://contoso.azure-api.net/d365?x=1')).toContain('no query');
        expect(apimUrlProblem('not a url')).toContain('is not a URL');
    });
});

describe('the OAuth policies with the Run As user (first install only)', () => {
    const shipped = readFileSync(
        path.join(
            __dirname,
            '../../../first-install/main/default/extlClntAppOauthPolicies/D365_Sync_Inbound_oauthPlcy.ecaOauthPlcy-meta.xml'
        ),
        'utf8'
    );

    it('switches the client-credentials flow on for the user and stays schema-valid', () => {
        const xml = oauthPoliciesWithRunAs(shipped, 'd365-integration@example.com');
        expect(xml).toMatch(
            /\n {4}<clientCredentialsFlowUser>d365-integration@example.com<\/clientCredentialsFlowUser>\n {4}<commaSeparatedPermissionSet>/
        );
        expect(xml).toContain('<isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>');
        const file = path.join(tempDir('setup-policies-'), 'D365_Sync_Inbound_oauthPlcy.ecaOauthPlcy-meta.xml');
        writeFileSync(file, xml);
        expect(xmllint([file])).toEqual({ ok: true, output: '' });
    });

    it('keeps a Run As user the integration config already names', () => {
        const named = shipped.replace(
            '<commaSeparatedPermissionSet>',
            '<clientCredentialsFlowUser>x@example.com</clientCredentialsFlowUser><commaSeparatedPermissionSet>'
        );
        expect(oauthPoliciesWithRunAs(named, 'other@example.com')).toBe(named);
    });
});

describe('the callout user (the kick trigger subscriber config, first install only)', () => {
    const shipped = readFileSync(
        path.join(
            __dirname,
            '../../../first-install/main/default/platformEventSubscriberConfigs/D365SyncKickTriggerConfig.platformEventSubscriberConfig-meta.xml'
        ),
        'utf8'
    );

    it('names the user in the shipped config, which names none (the Automated Process user)', () => {
        expect(shipped).not.toContain('<user>');
        const xml = subscriberConfigWithUser(shipped, 'd365-callout@example.com');
        expect(xml).toMatch(
            /\n {4}<user>d365-callout@example.com<\/user>\n {4}<platformEventConsumer>D365SyncKickTrigger</
        );
        const file = path.join(
            tempDir('setup-kick-'),
            'D365SyncKickTriggerConfig.platformEventSubscriberConfig-meta.xml'
        );
        writeFileSync(file, xml);
        expect(xmllint([file])).toEqual({ ok: true, output: '' });
        expect(subscriberConfigWithUser(xml, 'other@example.com')).toBe(xml);
    });

    it('deploys the config only once: a later run with another user leaves the org config alone', async () => {
        const org = new FakeOrg();
        await setup(org, ['--callout-user', 'd365-callout@example.com']);
        expect(org.kickUser).toBe('d365-callout@example.com');
        expect(org.settings?.Callout_User__c).toBe('d365-callout@example.com');
        org.writes.length = 0;
        const again = await setup(org, ['--callout-user', 'approver@example.com']);
        expect(again.code).toBe(0);
        expect(org.writes.map((w) => w.detail)).toEqual([
            'PermissionSetAssignment 0PS000000000004AAA:005000000000002AAA'
        ]);
        expect(org.kickUser).toBe('d365-callout@example.com');
        expect(again.out).toContain(
            'unchanged first-install: PlatformEventSubscriberConfig:D365SyncKickTriggerConfig already in the org'
        );
    });

    it('fails on an unknown callout user before deploying its config', async () => {
        const org = new FakeOrg();
        const run = await setup(org, ['--callout-user', 'nobody@example.com']);
        expect(run.code).toBe(1);
        expect(run.err).toContain('no user with username "nobody@example.com"');
        expect(org.kickUser).toBeNull();
    });
});
