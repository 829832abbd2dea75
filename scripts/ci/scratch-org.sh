#!/usr/bin/env bash
# Scratch-org job: deploy the package to a fresh scratch org and run its Apex tests on the platform.
# Needs a Dev Hub "SFDX auth URL" (`sf org display --verbose --json -o <devhub>` → sfdxAuthUrl) in
# DEVHUB_SFDX_URL (SFDX_AUTH_URL is accepted too). Used by .ci/run and .github/workflows/ci.yml.
# The org is deleted at the end, also when a step fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

export SF_DISABLE_TELEMETRY=true SF_DISABLE_AUTOUPDATE=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true
auth_url="${DEVHUB_SFDX_URL:-${SFDX_AUTH_URL:-}}"
if [ -z "$auth_url" ]; then
    echo "scratch-org: DEVHUB_SFDX_URL (or SFDX_AUTH_URL) is not set" >&2
    exit 2
fi

sf() { npx --no-install sf "$@"; }
alias_name="d365-sync-ci-$(date +%s)"
auth_file=$(mktemp)
trap 'rm -f "$auth_file"' EXIT
# The URL is a credential: write it to a private file, never to the command line or the log.
chmod 600 "$auth_file"
printf '%s' "$auth_url" >"$auth_file"

echo "scratch-org: authenticating the Dev Hub"
sf org login sfdx-url --sfdx-url-file "$auth_file" --alias ci-devhub --set-default-dev-hub >/dev/null
rm -f "$auth_file"

echo "scratch-org: creating $alias_name"
sf org create scratch --definition-file config/project-scratch-def.json --alias "$alias_name" \
    --set-default --duration-days 1 --wait 20
trap 'echo "scratch-org: deleting $alias_name"; sf org delete scratch --target-org "$alias_name" --no-prompt || true' EXIT

echo "scratch-org: building the LWC JavaScript and deploying"
npm run --silent build
sf project deploy start --source-dir force-app --target-org "$alias_name" --wait 30

echo "scratch-org: assigning permission set D365_Sync_Admin"
sf org assign permset --name D365_Sync_Admin --target-org "$alias_name"

echo "scratch-org: running Apex tests"
mkdir -p .tmp/apex-test-results
sf apex run test --target-org "$alias_name" --test-level RunLocalTests --code-coverage \
    --result-format human --output-dir .tmp/apex-test-results --wait 20

# After the tests: a scheduled retry job is org data the tests would see (CronTrigger is visible in tests).
echo "scratch-org: npm run setup (first-install metadata, retry job; no URL or key in CI)"
npm run --silent setup -- --target-org "$alias_name"
echo "scratch-org: npm run setup --dry-run must find nothing left to change"
plan=$(npm run --silent setup -- --target-org "$alias_name" --dry-run)
printf '%s\n' "$plan"
if printf '%s\n' "$plan" | grep -q '^  would '; then
    echo "scratch-org: setup is not idempotent: a second run would change the org" >&2
    exit 1
fi
