// `@salesforce/apex/*` in the local org: every call is a POST to /apex/<Class>.<method>, which runs the package's
// real controller in the local Apex runtime as the user chosen in the shell. Imperative calls return a Promise;
// cacheable methods also work as wire adapters; refreshApex re-runs the wire that provisioned a value.
const provisioned = new WeakMap();

export function currentUser() {
    return window.localStorage.getItem('localOrgUser') || 'sales';
}

export function callApex(name, params) {
    return fetch(`/apex/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Local-User': currentUser() },
        body: JSON.stringify(params || {})
    }).then(async (res) => {
        const body = await res.json();
        if (!res.ok) {
            // the shape Lightning gives a component for a thrown Apex exception (readableError reads body.message)
            throw { status: res.status, statusText: res.statusText, ok: false, body: body.body || body };
        }
        return body.value;
    });
}

/** refreshApex(value): re-runs the wire adapter that provisioned `value`; resolves when the new value arrived. */
export function refreshApex(value) {
    const adapter = provisioned.get(value);
    return adapter ? adapter.fetch() : Promise.resolve();
}

export function makeApex(name) {
    function apexMethod(params) {
        return callApex(name, params);
    }
    class WireAdapter {
        constructor(callback) {
            this.callback = callback;
            this.config = undefined;
        }
        connect() {}
        update(config) {
            this.config = config;
            // like the platform, no call while a reactive parameter is still undefined
            if (config && Object.values(config).some((v) => v === undefined)) {
                return;
            }
            this.fetch();
        }
        fetch() {
            return callApex(name, this.config).then(
                (data) => this.provide({ data, error: undefined }),
                (error) => this.provide({ data: undefined, error })
            );
        }
        provide(value) {
            provisioned.set(value, this);
            this.callback(value);
        }
        disconnect() {}
    }
    // LWC calls `new adapter(callback)` for @wire; plain calls are the imperative form
    return new Proxy(apexMethod, { construct: (_target, args) => new WireAdapter(args[0]) });
}
