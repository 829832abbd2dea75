// The part of the Apex `Metadata` namespace that a custom-metadata deployment and its tests use (Apex Reference
// "Metadata Namespace", "CustomMetadata Class", "CustomMetadataValue Class", "DeployContainer Class",
// "Operations Class", "DeployCallback Interface", "DeployResult Class", "DeployStatus Enum"; Apex Developer Guide
// "Testing Metadata Deployments"):
// - CustomMetadata (fullName, label, protected_x, values) and CustomMetadataValue (field, value) are plain
//   property bags; DeployContainer collects them (addMetadata / getMetadata / removeMetadata).
// - "Testing Metadata Deployments": a test verifies the DeployContainer it built and calls its DeployCallback
//   directly with a DeployResult it constructs. A real deployment cannot be observed from a test ("You can't
//   actually test how the org looks after the deployment"), so Operations.enqueueDeployment is unsupported here
//   (in and out of tests): what the platform does with it in a test is not documented.
// - DeployResult: the documented properties are read/write, a test sets the ones it needs; DeployStatus values.
// Not modelled (unsupported): Operations.retrieve, other Metadata types (Layout, …), DeployDetails /
// DeployMessage, DeployCallbackContext instances made by the platform.
import { nativeSupertypes, registerNative, type NativeFn } from '../interp/natives';
import { EnumValue, NativeObject } from '../interp/types';
import { ApexList } from '../collections';
import { arity } from './core';

const CM = 'Metadata.CustomMetadata';
const CMV = 'Metadata.CustomMetadataValue';
const CONTAINER = 'Metadata.DeployContainer';
const RESULT = 'Metadata.DeployResult';

/** `get:x` / `set:x` pairs: property access on a native object (interpreter getMember / lvalue). */
function props(names: string[]): Record<string, NativeFn> {
    const m: Record<string, NativeFn> = {};
    for (const n of names) {
        const key = n.toLowerCase();
        m['get:' + key] = (_it, _a, self) => (self as NativeObject).state[key] ?? null;
        m['set:' + key] = (_it, a, self) => {
            (self as NativeObject).state[key] = a[0];
            return null;
        };
    }
    return m;
}

function bag(name: string, names: string[], initial: () => Record<string, unknown> = () => ({})): void {
    registerNative(
        {
            name,
            ctor: (it, a) => {
                arity(it, a, 0);
                return new NativeObject(name, initial());
            },
            methods: props(names)
        },
        name.toLowerCase()
    );
}

// Metadata.Metadata: the abstract base of every component a DeployContainer holds.
registerNative(
    { name: 'Metadata.Metadata', ctor: (it) => it.compileError('Metadata.Metadata is abstract') },
    'metadata.metadata'
);
nativeSupertypes.set(CM, ['Metadata.Metadata']);

bag(CM, ['fullName', 'label', 'protected_x', 'values'], () => ({
    values: new ApexList({ k: 'native', name: CMV }, [])
}));
bag(CMV, ['field', 'value']);
bag(RESULT, [
    'id',
    'status',
    'success',
    'done',
    'errorMessage',
    'errorStatusCode',
    'numberComponentErrors',
    'numberComponentsDeployed',
    'numberComponentsTotal',
    'createdDate',
    'completedDate',
    'checkOnly',
    'ignoreWarnings',
    'rollbackOnError',
    'stateDetail'
]);

const contents = (self: unknown): ApexList => (self as NativeObject).state.items as ApexList;

registerNative(
    {
        name: CONTAINER,
        ctor: (it, a) => {
            arity(it, a, 0);
            return new NativeObject(CONTAINER, { items: new ApexList({ k: 'native', name: CM }, []) });
        },
        methods: {
            addmetadata: (it, a, self) => {
                arity(it, a, 1);
                if (a[0] === null || a[0] === undefined) return it.npe();
                if (!(a[0] instanceof NativeObject) || a[0].cls !== CM)
                    return it.unsupported(`Metadata.DeployContainer.addMetadata of ${it.typeOf(a[0])}`);
                contents(self).items.push(a[0]);
                return null;
            },
            getmetadata: (it, a, self) => {
                arity(it, a, 0);
                return new ApexList({ k: 'native', name: 'Metadata.Metadata' }, [...contents(self).items]);
            }
        }
    },
    CONTAINER.toLowerCase()
);

registerNative(
    {
        name: 'Metadata.Operations',
        statics: {
            enqueuedeployment: (it) =>
                it.unsupported(
                    'Metadata.Operations.enqueueDeployment (a real deployment; tests check the DeployContainer and call the DeployCallback, "Testing Metadata Deployments")'
                )
        }
    },
    'metadata.operations'
);

const STATUSES = ['Pending', 'InProgress', 'Succeeded', 'SucceededPartial', 'Failed', 'Canceling', 'Canceled'];
const statuses = STATUSES.map((n, i) => new EnumValue('Metadata.DeployStatus', n, i));
registerNative(
    {
        name: 'Metadata.DeployStatus',
        staticProps: Object.fromEntries(statuses.map((v) => [v.name.toLowerCase(), () => v]))
    },
    'metadata.deploystatus'
);

// The platform makes the context it hands to handleResult; a test passes its own subclass or null.
registerNative(
    {
        name: 'Metadata.DeployCallbackContext',
        ctor: (it) => it.unsupported('new Metadata.DeployCallbackContext() (the platform makes it)')
    },
    'metadata.deploycallbackcontext'
);
