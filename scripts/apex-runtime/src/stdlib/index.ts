// Side-effect imports: every platform class registers itself in the closed registry (interp/natives.ts).
import './core';
import './userinfo';
import './request';
import './labels';
import './string';
import './collections';
import './json';
import './platform';
import './messaging';
import './events';
import './dml-options';
import './url';
import './merge';
import './rest';
import './metadata';
import './platform-cache';
import '../approval/natives';
