/** Waits until pending promise callbacks (and the LWC re-render they trigger) have run. */
export function flushPromises(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0));
}
