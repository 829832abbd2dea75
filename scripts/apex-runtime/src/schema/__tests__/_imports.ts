export * from '../index';
export { ApexDecimal } from '../../values';
