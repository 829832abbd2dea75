export * from './sobject';
export * from './database';
