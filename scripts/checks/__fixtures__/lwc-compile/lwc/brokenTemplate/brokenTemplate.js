import { LightningElement } from 'lwc';

export default class BrokenTemplate extends LightningElement {}
