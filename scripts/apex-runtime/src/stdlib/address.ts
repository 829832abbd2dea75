// System.Address (Apex Reference, "Address Class"): the value of a standard address compound read from a SOQL row
// (`Address a = acct.BillingAddress;`). Each getter is also a read-only property (`a.City`). A component the catalogue
// does not model (StateCode / CountryCode depend on the org's state and country picklists; Latitude, Longitude and
// GeocodeAccuracy on geocoding) is Unsupported, as are getDistance, printing and comparing the value.
import type { Interpreter } from '../interp/interpreter';
import { registerNative, type NativeFn } from '../interp/natives';
import { NativeObject } from '../interp/types';
import { ADDRESS_PARTS } from '../schema';
import type { ApexPrimitive } from '../values';

interface AddressState {
    field: string;
    parts: Map<string, ApexPrimitive | undefined>;
}

/** The Address value of a selected compound; unsupported when every modelled component is empty. */
export function addressValue(it: Interpreter, field: string, parts: Map<string, ApexPrimitive | undefined>): unknown {
    // whether an address with no component set reads as null or as an empty Address is not documented
    if ([...parts.values()].every((v) => v === null || v === undefined))
        return it.unsupported(`compound address field ${field} with every component empty (null or an empty Address)`);
    return new NativeObject('Address', { field, parts } as unknown as Record<string, unknown>);
}

function part(it: Interpreter, self: unknown, name: string): unknown {
    const st = (self as NativeObject).state as unknown as AddressState;
    const v = st.parts.get(name);
    if (v === undefined) return it.unsupported(`Address.${name} of ${st.field} (component not modelled)`);
    return v;
}

const methods: Record<string, NativeFn> = {
    getdistance: (it) => it.unsupported('Address.getDistance'),
    tostring: (it) => it.unsupported('string form of a System.Address'),
    equals: (it) => it.unsupported('equality of System.Address values'),
    hashcode: (it) => it.unsupported('hashCode of a System.Address')
};
for (const name of ADDRESS_PARTS) methods[`get${name}`.toLowerCase()] = (it, _a, self) => part(it, self, name);

registerNative(
    {
        name: 'Address',
        methods,
        dynamicGet: (it, self, name) => {
            const hit = ADDRESS_PARTS.find((p) => p.toLowerCase() === name.toLowerCase());
            return hit ? part(it, self, hit) : undefined;
        }
    },
    'system.address'
);
