import { evalDefault } from '../default-values';
import { ApexDate, ApexDatetime, ApexDecimal, ApexId } from '../../values';
import type { FieldInfo, SObjectInfo } from '../../schema';
import { parseFieldSpec } from '../../schema';
import { useRuntimeSettings } from '../../__tests__/support';

// Salesforce Help "TODAY" / "NOW": date ± whole days, datetime ± days; anything else stays unsupported
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
useRuntimeSettings({ now: () => NOW, timeZone: 'GMT' });

const info = { name: 'Ticket__c' } as SObjectInfo;
const SPEC: Record<string, string> = { Date: 'Date', DateTime: 'DateTime', Number: 'Number(18,0)', Text: 'Text(80)' };
const field = (type: string, defaultValue: string): FieldInfo => ({
    ...parseFieldSpec('F__c', SPEC[type] ?? type),
    defaultValue
});
const run = (type: string, text: string) => evalDefault(field(type, text), info, '0055h0000000001AAA');

describe('default value formulas', () => {
    it('adds and subtracts whole days on TODAY()', () => {
        expect((run('Date', 'TODAY() + 10') as ApexDate).toString()).toBe('2026-01-25');
        expect((run('Date', 'TODAY()-10') as ApexDate).toString()).toBe('2026-01-05');
    });
    it('adds fractional days on NOW()', () => {
        expect((run('DateTime', 'NOW() + 0.5') as ApexDatetime).epochMs).toBe(NOW + 12 * 3_600_000);
    });
    it('evaluates literals, number arithmetic and $User.Id', () => {
        expect((run('Number', '-3 + 10') as ApexDecimal).toNumber()).toBe(7);
        expect(run('Text', "'New'")).toBe('New');
        expect(run('Checkbox', 'true')).toBe(true);
        expect((run('Text', '$User.Id') as unknown as string | ApexId).toString()).toContain('0055h0000000001');
    });
    it('refuses what it does not model', () => {
        for (const t of ['ADDMONTHS(TODAY(), 1)', 'TODAY() + 1.5', "'a' + 'b'", 'TODAY() * 2', '$User.Email'])
            expect(() => run('Date', t)).toThrow(/default value formula/);
    });
});
