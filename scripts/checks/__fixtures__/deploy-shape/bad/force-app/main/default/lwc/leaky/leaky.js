import { LightningElement } from 'lwc';
export default class Leaky extends LightningElement {}
