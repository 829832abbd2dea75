// System.Label (Apex Reference, "Label Class"): `Label.Name` / `System.Label.Name` read a custom label of the
// project in the org's default language. A label the project does not define (the platform refuses to compile the
// reference), a namespace other than the project's, or a translation is Unsupported.
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import type { SchemaRegistry } from '../schema/registry';
import { arity } from './core';

function label(it: Interpreter, name: string): string {
    const labels = (it.services.schema as SchemaRegistry | undefined)?.setup.customLabels;
    const hit = labels?.get(name.toLowerCase());
    return hit ? hit.value : it.unsupported(`Label.${name} (no such custom label in the project)`);
}

registerNative(
    {
        name: 'Label',
        staticMember: (it, name) => label(it, name),
        statics: {
            get: (it, a) => {
                arity(it, a, 2, 3);
                if (a.length === 3) return it.unsupported('System.Label.get with a language (translations)');
                if (a[0] !== null && a[0] !== '')
                    return it.unsupported(`System.Label.get from namespace ${String(a[0])}`);
                if (typeof a[1] !== 'string') return it.npe();
                return label(it, a[1]);
            }
        }
    },
    'system.label'
);
