export const label: string = 'leaky';
