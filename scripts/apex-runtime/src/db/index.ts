export * from './sobject';
export * from './database';
export * from './access';
export * from './sort';
export * from './custom-settings';
export * from './custom-metadata';
