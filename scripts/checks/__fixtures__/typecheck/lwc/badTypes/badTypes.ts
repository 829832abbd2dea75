import { LightningElement, api } from 'lwc';

export default class BadTypes extends LightningElement {
    @api retryCount: number = 0;

    reset(): void {
        // A string where the property is declared as a number: TS2322.
        this.retryCount = 'none';
    }
}
