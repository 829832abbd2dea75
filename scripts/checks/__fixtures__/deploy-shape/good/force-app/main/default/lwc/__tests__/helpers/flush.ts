export const flush = (): Promise<void> => Promise.resolve();
