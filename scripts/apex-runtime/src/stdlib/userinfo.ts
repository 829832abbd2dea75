// UserInfo and TimeZone (Apex Reference: "UserInfo Class", "TimeZone Class"): the running user's identity,
// profile, locale and time zone, read from the running user's User row (System.runAs switches it).
// What the runtime does not model — sessions outside tests, the UI theme, licences of managed packages, currencies of a
// multi-currency org, time-zone display names outside US mainland zones, GMT and UTC — stays Unsupported.
import * as V from '../values';
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { NativeObject } from '../interp/types';
import { arity, str } from './core';

type Field = (name: string) => V.ApexPrimitive | null;

function userField(it: Interpreter, name: string): V.ApexPrimitive | null {
    const read = it.services.runningUserField as Field | undefined;
    return read ? read(name) : it.unsupported(`UserInfo: User.${name} of the running user`);
}

function timeZoneOf(it: Interpreter, id: string): NativeObject {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: id });
    } catch {
        // TimeZone.getTimeZone with an unknown id returns GMT on the platform [Known]; not modelled
        return it.unsupported(`TimeZone.getTimeZone('${id}') with an id the runtime does not know`);
    }
    return new NativeObject('TimeZone', { id });
}

const zoneId = (self: unknown): string => (self as NativeObject).state.id as string;

const SAME_IN_JDK =
    /^(?:(?:Pacific|Mountain|Central|Eastern) Standard Time|Greenwich Mean Time|Coordinated Universal Time)$/;

/** Long standard-time name (the January or July name, whichever has the smaller UTC offset). */
function standardName(id: string): string | null {
    const year = new Date().getUTCFullYear();
    const at = [Date.UTC(year, 0, 1), Date.UTC(year, 6, 1)].map((ms) => ({
        offset: V.tzOffsetMs(ms, id),
        name:
            new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'long' })
                .formatToParts(new Date(ms))
                .find((p) => p.type === 'timeZoneName')?.value ?? ''
    }));
    const std = at[0].offset <= at[1].offset ? at[0] : at[1];
    // CLDR names GMT-like ids (GMT, Etc/GMT) "Coordinated Universal Time"; the JDK says "Greenwich Mean Time"
    if (std.name === 'Coordinated Universal Time' && !/^(?:Etc\/)?UTC$/.test(id)) return null;
    return SAME_IN_JDK.test(std.name) ? std.name : null;
}

registerNative(
    {
        name: 'UserInfo',
        statics: {
            getuserid: (it) => it.services.user?.().id ?? it.unsupported('UserInfo.getUserId (no user model)'),
            getusername: (it) => it.services.user?.().username ?? it.unsupported('UserInfo.getUserName'),
            getname: (it) => it.services.user?.().name ?? it.unsupported('UserInfo.getName'),
            getfirstname: (it) => userField(it, 'FirstName'),
            getlastname: (it) => userField(it, 'LastName'),
            getuseremail: (it) => userField(it, 'Email'),
            getprofileid: (it) => userField(it, 'ProfileId'),
            getuserroleid: (it) => userField(it, 'UserRoleId'),
            getusertype: (it) => userField(it, 'UserType'),
            getlanguage: (it) => userField(it, 'LanguageLocaleKey'),
            getlocale: (it) => userField(it, 'LocaleSidKey') ?? V.runtimeSettings().locale,
            gettimezone: (it) =>
                timeZoneOf(it, String(userField(it, 'TimeZoneSidKey') ?? V.runtimeSettings().timeZone)),
            getorganizationid: (it) => it.services.user?.().orgId ?? it.unsupported('UserInfo.getOrganizationId'),
            getorganizationname: (it) => {
                const read = it.services.organizationField as Field | undefined;
                return read ? read('Name') : it.unsupported('UserInfo.getOrganizationName');
            },
            // A test method runs with a test session whose Id is the 15-character org Id followed by '!ApexTestSession' [Obs:
            // octoberswimmer/aer-dist#80 reports `00DDU000000oQvv!ApexTestSession` from a test method in an org;
            // NebulaLogger's Logger_Tests.it_should_return_quiddity_level needs a non-blank session Id in a test and
            // passes in orgs]. The UserInfo page does not say. Anonymous Apex runs in a session the runtime does not
            // model.
            getsessionid: (it, a) => {
                arity(it, a, 0);
                if (!(it.services.test as { running?: boolean } | undefined)?.running)
                    return it.unsupported('UserInfo.getSessionId() outside a test');
                const orgId = it.services.user?.().orgId;
                return orgId
                    ? `${String(orgId).slice(0, 15)}!ApexTestSession`
                    : it.unsupported('UserInfo.getSessionId() (no org Id)');
            },
            // the local org has one currency (a new scratch org's default)
            ismulticurrencyorganization: () => false
        }
    },
    'system.userinfo'
);

registerNative(
    {
        name: 'TimeZone',
        statics: {
            gettimezone: (it, a) => {
                arity(it, a, 1);
                return timeZoneOf(it, str(it, a[0]));
            }
        },
        methods: {
            getid: (_it, _a, self) => zoneId(self),
            // "Display name: Pacific Standard Time" for America/Los_Angeles (TimeZone Class example): the long name of
            // the zone's standard time, whatever the date. Only names the JDK and CLDR spell alike are given (US
            // mainland zones, GMT, UTC); others (e.g. "Central European Time" vs "Central European Standard Time")
            // are Unsupported.
            getdisplayname: (it, a, self) => {
                arity(it, a, 0);
                const name = standardName(zoneId(self));
                return name ?? it.unsupported(`TimeZone.getDisplayName() of ${zoneId(self)}`);
            },
            tostring: (_it, _a, self) => zoneId(self),
            // offset in ms from GMT at that instant, daylight saving included
            getoffset: (it, a, self) => {
                arity(it, a, 1);
                if (!(a[0] instanceof V.ApexDatetime)) return it.unsupported('TimeZone.getOffset without a Datetime');
                return V.int(V.tzOffsetMs(a[0].epochMs, zoneId(self)));
            }
        }
    },
    'system.timezone'
);
