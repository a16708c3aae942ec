export * from './flow-name.js';
export * from './deployment-name.js';
export * from './closest-names.js';
