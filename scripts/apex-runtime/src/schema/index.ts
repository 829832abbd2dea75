export * from './registry';
export * from './describe';
