// One-keystroke misspellings of names a catalogue knows (`Nmae` for Name, `Acount` for Account, `Strng` for String).
// The catalogues (standard objects, their fields, platform types) are curated subsets, so an unknown name is normally
// undecided; a name that is one keystroke away from a known one of the same kind is, in practice, a typo the compiler
// refuses. Only the shapes real names rarely take count: one letter dropped (5+ letters), two neighbours swapped
// (4+ letters), one letter replaced (7+ letters) — never letters added (`Cases` next to `Case`, plurals, suffixes).

/** True when `name` is no entry of `known` (lower-case) and a one-keystroke misspelling of one of them. */
export function isOneKeyTypo(name: string, known: Iterable<string>): boolean {
    const lc = name.toLowerCase();
    if (lc.length < 4 || !/^[a-z][a-z0-9_]*$/.test(lc)) return false;
    const list = [...known];
    if (list.includes(lc)) return false;
    for (const k of list) {
        if (k.length === lc.length + 1 && lc.length >= 5) {
            for (let i = 0; i < k.length; i++) if (k.slice(0, i) + k.slice(i + 1) === lc) return true;
        } else if (k.length === lc.length) {
            const diff: number[] = [];
            for (let i = 0; i < k.length && diff.length < 3; i++) if (k[i] !== lc[i]) diff.push(i);
            if (diff.length === 1 && lc.length >= 7 && /[a-z]/.test(lc[diff[0]]) && /[a-z]/.test(k[diff[0]]))
                return true;
            if (
                diff.length === 2 &&
                diff[1] === diff[0] + 1 &&
                k[diff[0]] === lc[diff[1]] &&
                k[diff[1]] === lc[diff[0]]
            )
                return true;
        }
    }
    return false;
}
