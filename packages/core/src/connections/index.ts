// Where each environment's Prefect lives: one connection per environment, by one precedence.
export * from './environment-connection.js';
