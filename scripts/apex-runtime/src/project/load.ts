// Build a Program (classes + triggers) from project sources, through the lowering cache. A file with syntax
// errors, or that declares a method twice, is left out and reported (like a failed deploy of that file); the others
// still load.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadUnit } from '../frontend/cache';
import { ApexSyntaxErrors } from '../frontend/lower';
import { ApexCompileError } from '../interp/exceptions';
import { Program } from '../interp/interpreter';
import type { ProjectSources } from './project';

export function loadProgram(src: ProjectSources, errors: string[] = []): Program {
    const program = new Program();
    const load = (f: string, kind: 'class' | 'trigger') => {
        const rel = path.relative(src.root, f);
        try {
            const u = loadUnit(fs.readFileSync(f, 'utf8'), rel, kind);
            if (u.unit === 'class') program.addClass(u.type, u.lines);
            else if (u.unit === 'trigger') program.addTrigger(u.trigger, u.lines);
        } catch (e) {
            if (e instanceof ApexSyntaxErrors) errors.push(e.message);
            // a class the org would refuse to compile (e.g. a method declared twice): left out and reported
            else if (e instanceof ApexCompileError) errors.push(`${rel}: ${e.message}`);
            else throw e;
        }
    };
    for (const f of src.classes) load(f, 'class');
    for (const f of src.triggers) load(f, 'trigger');
    return program;
}
