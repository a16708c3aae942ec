export * from './flow-name.js';
export * from './deployment-name.js';
export * from './closest-names.js';
export * from './legacy-variant-name.js';
