import { LightningElement } from 'lwc';
export default class OkCard extends LightningElement {}
