// The CLI's version for `acme-portal --version`; a test keeps it equal to package.json's.
export const CLI_VERSION = '1.0.0';
