// Runs one anonymous-Apex source in a fresh session (called inside the Apex-stack worker by honesty.test.ts).
import { Program } from '../src/interp/interpreter';
import { Session } from '../src/session';

export function runAnonymousOnce(src: string): { outcome: unknown; debug: string[] } {
    const s = new Session(new Program());
    const outcome = s.runAnonymous(src, 'honesty.apex');
    return { outcome, debug: s.debug.map((d) => d.message) };
}
