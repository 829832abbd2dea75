/**
 * The org setup a project declares for its own Apex test run: the permission sets its CI workflow assigns to the
 * org's default user before it runs the Apex tests (`sf org assign permset -n X`, `sfdx force:user:permset:assign
 * -n X`). Sample apps deploy custom fields without profiles, so field-level security reaches the running (admin)
 * user only through such a permission set: without it a `WITH SECURITY_ENFORCED` / `WITH USER_MODE` query of a
 * custom field is a question the runtime cannot answer.
 *
 * Salesforce CLI Command Reference, "org assign permset"
 * (https://developer.salesforce.com/docs/platform/salesforce-cli-reference/guide/cli_reference_org_assign_permset.html):
 * without `--on-behalf-of` (`-b`) the set goes to the "original admin user" of the org, the user Apex tests run as;
 * the older `sfdx force:user:permset:assign` names other users with `-o` / `--onbehalfof` (its target org is `-u`).
 * Only the steps of a workflow file before its Apex test run count (the org those tests ran in); an assignment on
 * behalf of other users is ignored.
 */
import * as fs from 'fs';
import * as path from 'path';

const ASSIGN = /\b(sf\s+org\s+assign\s+permset|sfdx\s+force:user:permset:assign)\b(.*)$/;
const TEST_RUN = /\b(?:sf\s+apex\s+(?:run\s+test|test\s+run)|sfdx\s+force:apex:test:run)\b/;

/** Names of the permission sets assigned to the default user by the commands of one workflow text. */
export function permissionSetsAssignedBeforeTests(text: string): string[] {
    const lines = text.split(/\r?\n/);
    const end = lines.findIndex((l) => TEST_RUN.test(l));
    if (end < 0) return [];
    const out: string[] = [];
    for (const line of lines.slice(0, end)) {
        if (/^\s*#/.test(line)) continue;
        const m = ASSIGN.exec(line);
        if (!m) continue;
        const args = m[2];
        const onBehalf = m[1].startsWith('sfdx')
            ? /(^|\s)(-o|--onbehalfof)(\s|=|$)/
            : /(^|\s)(-b|--on-behalf-of)(\s|=|$)/;
        if (onBehalf.test(args)) continue;
        const re = /(?:^|\s)(?:-n|--name|--perm-set-name|--permsetname)(?:\s+|=)("[^"]*"|'[^']*'|[^\s&|;]+)/g;
        for (let n = re.exec(args); n; n = re.exec(args)) {
            for (const name of n[1].replace(/^["']|["']$/g, '').split(',')) {
                if (/^[A-Za-z][A-Za-z0-9_]*$/.test(name.trim())) out.push(name.trim());
            }
        }
    }
    return out;
}

/** Permission sets the project's CI workflows (`.github/workflows/*.yml`) assign before running Apex tests. */
export function declaredTestPermissionSets(projectDir: string): string[] {
    const dir = path.join(projectDir, '.github', 'workflows');
    if (!fs.existsSync(dir)) return [];
    const names = new Set<string>();
    for (const f of fs.readdirSync(dir).sort()) {
        if (!/\.ya?ml$/i.test(f)) continue;
        for (const n of permissionSetsAssignedBeforeTests(fs.readFileSync(path.join(dir, f), 'utf8'))) names.add(n);
    }
    return [...names];
}
