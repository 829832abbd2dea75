/**
 * Oracle test: expected strings were produced by java.text.SimpleDateFormat(pattern, Locale.US) with
 * setTimeZone(tz) on OpenJDK 17 (13 patterns × 5 time zones × 8 instants; columns: tz, epoch ms, pattern,
 * output). Apex Datetime.format(pattern, tz) / formatGmt(pattern) take Java SimpleDateFormat patterns
 * (Apex Reference, "Datetime Class", format(dateFormatString)).
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatPattern } from '..';

const rows = fs
    .readFileSync(path.join(__dirname, 'simpledateformat-java17.tsv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));

describe('Datetime.format patterns match java.text.SimpleDateFormat (OpenJDK 17 generated table)', () => {
    it('has a meaningful table', () => {
        expect(rows.length).toBe(520);
    });
    it.each(rows)('%s %s %s', (tz, ms, pattern, expected) => {
        expect(formatPattern(Number(ms), pattern, tz)).toBe(expected);
    });
});
