// System.Network (Apex Reference, "Network Class",
// https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_network.htm): the local org has
// no Experience Cloud site and every user runs in the internal org, where getNetworkId(), communitiesLanding() and
// forwardToAuthPage() return null ("If digital experiences isn't enabled for the user's org or the user is currently
// in the internal org, returns null"). The other methods need a site and stay Unsupported.
import { registerNative } from '../interp/natives';
import { arity } from './core';

registerNative(
    {
        name: 'Network',
        statics: {
            getnetworkid: (it, a) => {
                arity(it, a, 0);
                return null;
            },
            communitieslanding: (it, a) => {
                arity(it, a, 0);
                return null;
            },
            forwardtoauthpage: (it, a) => {
                arity(it, a, 1);
                return null;
            }
        }
    },
    'system.network'
);
