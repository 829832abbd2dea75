import { LightningElement } from 'lwc';
export default class Unbuilt extends LightningElement {}
