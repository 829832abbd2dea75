it('renders', () => {});
