// Side-effect imports: every platform class registers itself in the closed registry (interp/natives.ts).
import './core';
import './userinfo';
import './request';
import './address';
import './labels';
import './string';
import './dom';
import './collections';
import './json';
import './platform';
import './messaging';
import './events';
import './dml-options';
import './url';
import './pages';

import './network';
import './merge';
import './rest';
import './metadata';
import './platform-cache';
import './invocable';
import './security';
import './flow';
import '../approval/natives';
