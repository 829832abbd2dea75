const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

const ignored = ['<rootDir>/node_modules/', '<rootDir>/.sf/', '<rootDir>/.sfdx/', '<rootDir>/mdapi_out/'];

module.exports = {
    projects: [
        {
            ...jestConfig,
            displayName: 'lwc',
            testMatch: ['<rootDir>/force-app/**/lwc/**/__tests__/**/*.test.ts'],
            modulePathIgnorePatterns: ignored,
            collectCoverageFrom: ['force-app/**/lwc/**/*.ts', '!**/__tests__/**']
        },
        {
            displayName: 'scripts',
            testEnvironment: 'node',
            testMatch: ['<rootDir>/scripts/**/*.test.ts'],
            transform: { '^.+\\.ts$': '<rootDir>/scripts/jest/esbuild-transform.cjs' },
            moduleFileExtensions: ['ts', 'js', 'json'],
            modulePathIgnorePatterns: ignored
        }
    ]
};
