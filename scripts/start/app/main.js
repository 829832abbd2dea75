// The local org's page: a small Lightning-like shell (SLDS markup, plain DOM) around the package's REAL LWCs.
// Hash routes: #/accounts, #/account/<id>, #/d365. The shell's own actions (list, submit, approve) call /org/*;
// the package components call their Apex controllers through /apex/* (see apex.js).
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import D365SyncStatus from 'c/d365SyncStatus';
import D365SyncDashboard from 'c/d365SyncDashboard';
import { currentUser } from './apex.js';

function esc(s) {
    return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function org(path, method = 'GET', payload = undefined) {
    const res = await fetch(path, {
        method,
        headers: { 'X-Local-User': currentUser(), 'Content-Type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload)
    });
    const body = await res.json();
    if (!res.ok) {
        throw new Error(body.body?.message || body.message || `HTTP ${res.status}`);
    }
    return body;
}

function toast(title, message, variant = 'info') {
    const box = document.getElementById('toasts');
    const el = document.createElement('div');
    el.className = `slds-notify slds-notify_toast slds-theme_${variant === 'error' ? 'error' : variant === 'success' ? 'success' : 'info'}`;
    el.setAttribute('role', 'status');
    el.innerHTML = `<div class="slds-notify__content"><h2 class="slds-text-heading_small">${esc(title)}</h2><p>${esc(message)}</p></div>`;
    box.appendChild(el);
    setTimeout(() => el.remove(), 4000);
}
// ShowToastEvent from the package components (bubbles, composed)
document.addEventListener('lightning__showtoast', (e) => toast(e.detail.title, e.detail.message, e.detail.variant));

async function renderHeader() {
    const users = await org('/org/users');
    const options = users
        .map((u) => `<option value="${u.key}" ${u.key === currentUser() ? 'selected' : ''}>${esc(u.label)}</option>`)
        .join('');
    document.getElementById('header').innerHTML = `
<div class="slds-grid slds-grid_vertical-align-center slds-p-around_small slds-theme_default slds-border_bottom">
  <div class="slds-col"><span class="slds-text-heading_medium">Local org</span>
    <span class="slds-badge slds-m-left_small">no Salesforce org — the package's Apex in the local runtime</span></div>
  <nav class="slds-col slds-text-align_center" style="white-space:nowrap">
    <a href="#/accounts" class="slds-m-right_medium">Accounts</a>
    <a href="#/d365" class="slds-m-right_medium">D365</a>
    <a href="#/admin">D365 Sync Admin</a>
  </nav>
  <div class="slds-col slds-text-align_right">
    <label class="slds-form-element__label" for="user">Logged in as</label>
    <div class="slds-select_container" style="display:inline-block"><select class="slds-select" id="user" data-id="user">${options}</select></div>
  </div>
</div>`;
    document.getElementById('user').addEventListener('change', (e) => {
        window.localStorage.setItem('localOrgUser', e.target.value);
        route();
    });
}

async function renderAccounts(main) {
    const accounts = await org('/org/accounts');
    const rows = accounts
        .map(
            (a) => `<tr><th scope="row"><a href="#/account/${a.id}" data-id="account-link">${esc(a.name)}</a></th>
<td>${esc(a.billingCity)}</td><td>${esc(a.approvalStatus)}</td><td>${esc(a.syncStatus)}</td><td>${esc(a.d365AccountNumber)}</td></tr>`
        )
        .join('');
    main.innerHTML = `
<article class="slds-card"><div class="slds-card__header"><h2 class="slds-text-heading_small">Accounts</h2></div>
<div class="slds-card__body"><table class="slds-table slds-table_cell-buffer slds-table_bordered" data-id="accounts">
<thead><tr><th>Account Name</th><th>Billing City</th><th>Approval</th><th>D365 Sync Status</th><th>D365 Account</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5">No Accounts visible to this user.</td></tr>'}</tbody></table></div></article>`;
}

async function renderAccount(main, id) {
    const a = await org(`/org/accounts/${encodeURIComponent(id)}`);
    const field = (label, value, key) =>
        `<div class="slds-col slds-size_1-of-2 slds-p-bottom_small"><div class="slds-form-element__label">${label}</div>
<div class="slds-form-element__static" data-field="${key}">${esc(value)}</div></div>`;
    const edit = '<button class="slds-button slds-button_neutral" data-edit="open">Edit</button>';
    const buttons = a.pendingApproval
        ? `<button class="slds-button slds-button_brand" data-action="approve">Approve</button>
<button class="slds-button slds-button_neutral" data-action="reject">Reject</button>`
        : a.approvalStatus === 'Approved'
          ? ''
          : '<button class="slds-button slds-button_neutral" data-action="submit">Submit for Approval</button>';
    main.innerHTML = `
<div class="slds-page-header slds-m-bottom_small"><div class="slds-grid">
  <div class="slds-col"><span class="slds-text-body_small">Account</span>
    <h1 class="slds-page-header__title" data-id="record-name">${esc(a.name)}</h1></div>
  <div class="slds-col slds-text-align_right">${edit}${buttons}</div></div></div>
<div id="action-error"></div>
<div class="slds-grid slds-gutters">
  <div class="slds-col slds-size_1-of-2"><article class="slds-card"><div class="slds-card__body slds-card__body_inner">
    <div class="slds-grid slds-wrap">
      ${field('Account Name', a.name, 'name')}${field('Billing City', a.billingCity, 'billingCity')}
      ${field('Approval Status', a.approvalStatus, 'approvalStatus')}${field('D365 Sync Status', a.syncStatus, 'syncStatus')}
      ${field('D365 Account Number', a.d365AccountNumber, 'd365AccountNumber')}
    </div>
    <form data-id="edit-form" hidden class="slds-p-top_small">
      <div class="slds-form-element"><label class="slds-form-element__label" for="edit-name">Account Name</label>
        <input class="slds-input" id="edit-name" value="${esc(a.name)}"></div>
      <div class="slds-form-element slds-m-top_x-small"><label class="slds-form-element__label" for="edit-city">Billing City</label>
        <input class="slds-input" id="edit-city" value="${esc(a.billingCity)}"></div>
      <div class="slds-m-top_small"><button type="submit" class="slds-button slds-button_brand">Save</button>
        <button type="button" class="slds-button slds-button_neutral" data-edit="cancel">Cancel</button></div>
    </form></div></article></div>
  <div class="slds-col slds-size_1-of-2" id="status-slot"></div>
</div>`;
    // the package's d365SyncStatus, unchanged, as on the Account record page
    const el = createElement('c-d365-sync-status', { is: D365SyncStatus });
    el.recordId = a.id;
    document.getElementById('status-slot').appendChild(el);
    const form = main.querySelector('[data-id="edit-form"]');
    main.querySelector('[data-edit="open"]').addEventListener('click', () => {
        form.hidden = false;
    });
    main.querySelector('[data-edit="cancel"]').addEventListener('click', () => {
        form.hidden = true;
    });
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
            await org(`/org/accounts/${encodeURIComponent(a.id)}/edit`, 'POST', {
                name: document.getElementById('edit-name').value,
                billingCity: document.getElementById('edit-city').value
            });
        } catch (error) {
            document.getElementById('action-error').innerHTML =
                `<div class="slds-notify slds-notify_alert slds-theme_error slds-m-bottom_small" role="alert" data-id="action-error">${esc(error.message)}</div>`;
            return;
        }
        toast('Saved', a.name, 'success');
        route();
    });
    main.querySelectorAll('button[data-action]').forEach((b) =>
        b.addEventListener('click', async () => {
            b.disabled = true;
            try {
                await org(`/org/accounts/${encodeURIComponent(a.id)}/${b.dataset.action}`, 'POST');
                toast('Done', `${b.textContent} — ${a.name}`, 'success');
            } catch (error) {
                document.getElementById('action-error').innerHTML =
                    `<div class="slds-notify slds-notify_alert slds-theme_error slds-m-bottom_small" role="alert" data-id="action-error">${esc(error.message)}</div>`;
                b.disabled = false;
                return;
            }
            // a standard approval action reloads the record page (and so the components on it)
            route();
        })
    );
}

async function renderD365(main) {
    const [customers, faults, editable] = await Promise.all([
        org('/org/d365'),
        org('/org/faults'),
        org('/org/d365/fields')
    ]);
    const rows = customers
        .map(
            (c) =>
                `<tr><td>${esc(c.CustomerAccount)}</td><td>${esc(c.fields.OrganizationName)}</td><td>${esc(c.fields.AddressCity)}</td>` +
                `<td>${esc(c.fields.AddressCountryRegionId)}</td><td>${esc(c.salesforceId)}</td><td>${esc(c.version)}</td></tr>`
        )
        .join('');
    main.innerHTML = `
<article class="slds-card"><div class="slds-card__header"><h2 class="slds-text-heading_small">What D365 holds (APIM + D365 emulator)</h2></div>
<div class="slds-card__body"><table class="slds-table slds-table_cell-buffer slds-table_bordered" data-id="d365">
<thead><tr><th>CustomerAccount</th><th>Name</th><th>City</th><th>Country</th><th>Salesforce Id</th><th>Version</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6">Nothing synced yet.</td></tr>'}</tbody></table></div></article>
${d365EditCard(customers, editable)}
<article class="slds-card slds-m-top_medium"><div class="slds-card__header"><h2 class="slds-text-heading_small">Emulator faults</h2></div>
<div class="slds-card__body slds-card__body_inner">
  <p class="slds-m-bottom_small">The next request(s) from the org to APIM get this fault instead of the normal answer.</p>
  <div class="slds-grid slds-grid_vertical-align-end slds-gutters_x-small">
    <div class="slds-col slds-grow-none"><label class="slds-form-element__label" for="fault-kind">Fault</label>
      <div class="slds-select_container"><select class="slds-select" id="fault-kind" data-id="fault-kind">${faults.kinds
          .map((k) => `<option value="${k}">${k}</option>`)
          .join('')}</select></div></div>
    <div class="slds-col slds-grow-none"><label class="slds-form-element__label" for="fault-times">Requests</label>
      <input class="slds-input" id="fault-times" type="number" min="1" value="1" style="width:6rem"></div>
    <div class="slds-col slds-grow-none"><button class="slds-button slds-button_brand" data-fault="arm">Arm</button>
      <button class="slds-button slds-button_neutral" data-fault="clear">Clear faults</button></div>
  </div>
  <p class="slds-m-top_small" data-id="faults-armed">${
      faults.armed.length
          ? 'Armed since the last clear: ' + faults.armed.map((f) => `${esc(f.kind)} ×${f.times}`).join(', ')
          : 'No fault armed.'
  }</p>
</div></article>`;
    wireD365Edit(main);
    main.querySelector('[data-fault="arm"]').addEventListener('click', async () => {
        const kind = document.getElementById('fault-kind').value;
        const times = Number(document.getElementById('fault-times').value) || 1;
        await org('/org/faults', 'POST', { kind, times });
        route();
    });
    main.querySelector('[data-fault="clear"]').addEventListener('click', async () => {
        await org('/org/faults/clear', 'POST', {});
        route();
    });
}

// "Edit in D365": a change made in D365 itself, which D365 then writes back to Salesforce (PATCH upsert by
// D365_Account_Number__c as the integration user, docs/d365-handoff.md); only the fields both sides own.
function d365EditCard(customers, editable) {
    if (!customers.length) {
        return '';
    }
    const opt = (v, label) => `<option value="${esc(v)}">${esc(label)}</option>`;
    return `
<article class="slds-card slds-m-top_medium"><div class="slds-card__header"><h2 class="slds-text-heading_small">Edit in D365</h2></div>
<div class="slds-card__body slds-card__body_inner">
  <p class="slds-m-bottom_small">Change a customer in D365; D365 writes the change back to the Salesforce Account as the integration user (no push back to D365).</p>
  <form data-id="d365-edit" class="slds-grid slds-grid_vertical-align-end slds-gutters_x-small">
    <div class="slds-col slds-grow-none"><label class="slds-form-element__label" for="d365-edit-account">Customer account</label>
      <div class="slds-select_container"><select class="slds-select" id="d365-edit-account">${customers
          .map((c) => opt(c.CustomerAccount, `${c.CustomerAccount} — ${c.fields.OrganizationName ?? ''}`))
          .join('')}</select></div></div>
    <div class="slds-col slds-grow-none"><label class="slds-form-element__label" for="d365-edit-field">Property</label>
      <div class="slds-select_container"><select class="slds-select" id="d365-edit-field">${editable
          .map((f) => opt(f, f))
          .join('')}</select></div></div>
    <div class="slds-col slds-grow-none"><label class="slds-form-element__label" for="d365-edit-value">New value</label>
      <input class="slds-input" id="d365-edit-value"></div>
    <div class="slds-col slds-grow-none"><button type="submit" class="slds-button slds-button_brand">Save in D365</button></div>
  </form>
  <div data-id="d365-writeback" class="slds-m-top_small"></div>
</div></article>`;
}

function wireD365Edit(main) {
    const form = main.querySelector('[data-id="d365-edit"]');
    if (!form) {
        return;
    }
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const account = document.getElementById('d365-edit-account').value;
        const field = document.getElementById('d365-edit-field').value;
        const value = document.getElementById('d365-edit-value').value;
        const out = main.querySelector('[data-id="d365-writeback"]');
        try {
            const r = await org(`/org/d365/${encodeURIComponent(account)}/edit`, 'POST', {
                fields: { [field]: value }
            });
            const ok = r.writeBack.status < 300;
            const detail = ok
                ? `Salesforce answered ${r.writeBack.status}: Account ${r.writeBack.body.id} updated.`
                : `Salesforce answered ${r.writeBack.status}: ${(r.writeBack.body || []).map((x) => x.message).join(' ')}`;
            toast(
                ok ? 'Saved in D365 and written back' : 'Saved in D365; Salesforce refused the write-back',
                detail,
                ok ? 'success' : 'error'
            );
            await renderD365(main);
            main.querySelector('[data-id="d365-writeback"]').innerHTML =
                `<p class="${ok ? '' : 'slds-text-color_error'}" role="status">${esc(detail)}</p>`;
        } catch (error) {
            out.innerHTML = `<div class="slds-notify slds-notify_alert slds-theme_error" role="alert">${esc(error.message)}</div>`;
        }
    });
}

// The admin's Setup on a real org (not Apex): the kill switch (D365_Sync_Setting__mdt.Default.Enabled__c) and the
// External Credential's subscription key — current, or stale (APIM regenerated it). The key itself is never shown.
async function renderSetup(slot) {
    const setup = await org('/org/setup');
    const admin = currentUser() === 'admin';
    slot.innerHTML = `
<article class="slds-card slds-m-bottom_medium" data-id="setup"><div class="slds-card__header">
<h2 class="slds-text-heading_small">Setup (local org)</h2></div>
<div class="slds-card__body slds-card__body_inner">
  <div class="slds-grid slds-gutters slds-wrap slds-grid_vertical-align-end">
    <div class="slds-col slds-grow-none slds-form-element"><div class="slds-checkbox">
      <input type="checkbox" id="setup-enabled" data-id="setup-enabled" ${setup.sendingEnabled ? 'checked' : ''} ${admin ? '' : 'disabled'}>
      <label class="slds-checkbox__label" for="setup-enabled"><span class="slds-checkbox_faux"></span>
      <span class="slds-form-element__label">Sending enabled (D365 Sync Setting: Enabled — off is the kill switch)</span></label>
    </div></div>
    <div class="slds-col slds-grow-none"><label class="slds-form-element__label" for="setup-key">Subscription key in the External Credential</label>
      <div class="slds-select_container"><select class="slds-select" id="setup-key" data-id="setup-key" ${admin ? '' : 'disabled'}>
        <option value="current" ${setup.subscriptionKey === 'current' ? 'selected' : ''}>current (APIM accepts it)</option>
        <option value="stale" ${setup.subscriptionKey === 'stale' ? 'selected' : ''}>stale (APIM regenerated it: 401)</option>
      </select></div></div>
  </div>
  <p class="slds-text-body_small slds-m-top_x-small">${
      admin
          ? 'Changes apply to the next callout; the dashboard shows them on its next refresh.'
          : 'Only the admin can change Setup.'
  }</p>
</div></article>`;
    const save = async (change) => {
        await org('/org/setup', 'POST', change);
        toast('Setup saved', Object.keys(change).join(', '), 'success');
        route();
    };
    slot.querySelector('[data-id="setup-enabled"]').addEventListener('change', (e) =>
        save({ sendingEnabled: e.target.checked })
    );
    slot.querySelector('[data-id="setup-key"]').addEventListener('change', (e) =>
        save({ subscriptionKey: e.target.value })
    );
}

async function renderAdmin(main) {
    main.innerHTML = '<div id="setup-slot"></div><div id="dashboard-slot"></div>';
    await renderSetup(document.getElementById('setup-slot'));
    // the package's admin app page: the dashboard (with its retry-job, resync and ops panels), unchanged, as the user
    document
        .getElementById('dashboard-slot')
        .appendChild(createElement('c-d365-sync-dashboard', { is: D365SyncDashboard }));
}

// One render at a time: a route() asked for while one runs (a user switch, then a hash change) renders again after
// it, so an earlier render that finishes late can never overwrite the page the latest state asks for.
let rendering = null;
let renderAgain = false;
function route() {
    if (rendering) {
        renderAgain = true;
        return rendering;
    }
    rendering = (async () => {
        do {
            renderAgain = false;
            await renderRoute();
        } while (renderAgain);
        rendering = null;
    })();
    return rendering;
}

async function renderRoute() {
    const main = document.getElementById('main');
    const hash = window.location.hash || '#/accounts';
    try {
        await renderHeader();
        const record = /^#\/account\/(\w+)$/.exec(hash);
        if (record) {
            await renderAccount(main, record[1]);
        } else if (hash === '#/admin') {
            await renderAdmin(main);
        } else if (hash === '#/d365') {
            await renderD365(main);
        } else {
            await renderAccounts(main);
        }
    } catch (error) {
        main.innerHTML = `<div class="slds-notify slds-notify_alert slds-theme_error" role="alert">${esc(error.message)}</div>`;
    }
}

window.addEventListener('hashchange', route);
// notifyRecordUpdateAvailable from a component: reload the record's fields (the component refreshes itself)
window.addEventListener('localorg:recordupdate', async () => {
    const record = /^#\/account\/(\w+)$/.exec(window.location.hash);
    if (!record) {
        return;
    }
    const a = await org(`/org/accounts/${encodeURIComponent(record[1])}`);
    for (const key of ['name', 'billingCity', 'approvalStatus', 'syncStatus', 'd365AccountNumber']) {
        const el = document.querySelector(`[data-field="${key}"]`);
        if (el) {
            el.textContent = a[key] ?? '';
        }
    }
});
route();
