import { LightningElement, api } from 'lwc';

export default class BadCounter extends LightningElement {
    @api count = 0;

    connectedCallback(): void {
        // A raw timer in a component: @lwc/lwc/no-async-operation.
        setTimeout(() => {
            this.count = this.count + 1;
        }, 1000);
    }
}
