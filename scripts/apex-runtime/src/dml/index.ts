export * from './dml';
export * from './user-mode';
export * from './convert-lead';
