export * from './dml';
