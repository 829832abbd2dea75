export * from './registry';
export * from './describe';
export * from './standard-values';
export * from './metadata-relationships';
