it('leaks', () => {});
