/** Naming rules shared by the generators. */

/** Custom Metadata record / developer-name rules. Returns what is wrong, or undefined when valid. */
export function developerNameProblem(name: string, maxLength = 40): string | undefined {
    if (name.length === 0) {
        return 'is empty';
    }
    if (name.length > maxLength) {
        return `is ${name.length} characters long (at most ${maxLength})`;
    }
    if (!/^[A-Za-z]/.test(name)) {
        return 'must start with a letter';
    }
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
        return 'may contain only letters, digits and underscores';
    }
    if (name.includes('__')) {
        return 'must not contain two consecutive underscores';
    }
    if (name.endsWith('_')) {
        return 'must not end with an underscore';
    }
    return undefined;
}

/** Suggests a valid developer name for an invalid one. */
export function suggestDeveloperName(name: string, maxLength = 40): string {
    let fixed = name
        .replace(/[^A-Za-z0-9_]+/g, '_')
        .replace(/_+/g, '_')
        .replace(/^[^A-Za-z]+/, '');
    fixed = fixed.slice(0, maxLength).replace(/_+$/, '');
    return fixed || 'Mapping_1';
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    const row = Array.from({ length: y.length + 1 }, (_, i) => i);
    for (let i = 1; i <= x.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= y.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] === y[j - 1] ? 0 : 1));
            previous = current;
        }
    }
    return row[y.length];
}

/** The closest candidate within a small distance, if any. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
    let best: string | undefined;
    let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
    for (const candidate of candidates) {
        const distance = editDistance(name, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

/** `Account_Name` → `Account Name`. */
export function labelFromName(name: string): string {
    return name.replace(/_/g, ' ');
}
