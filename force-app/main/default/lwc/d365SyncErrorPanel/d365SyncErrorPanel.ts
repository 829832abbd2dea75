import { LightningElement, api } from 'lwc';

/** A readable error / no-access message. Text comes from d365SyncUtils.readableError. */
export default class D365SyncErrorPanel extends LightningElement {
    /** the message in plain words */
    @api message = '';
    /** short heading above the message */
    @api heading = 'Something went wrong';
    /** error (red) or info (neutral, e.g. no access) */
    @api variant: 'error' | 'info' = 'error';

    get iconName(): string {
        return this.variant === 'info' ? 'utility:lock' : 'utility:error';
    }

    get iconVariant(): string {
        return this.variant === 'info' ? '' : 'error';
    }

    get iconAlternativeText(): string {
        return this.variant === 'info' ? 'No access' : 'Error';
    }
}
