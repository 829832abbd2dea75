export * from './ast';
export { parseSoql, decodeSoqlString } from './lower';
export * from './eval';
export { dateLiteralRange } from './dates';
export * from './sosl';
