// The subcommands, in the order `acme-portal --help` lists them. A new action's subcommand is
// one line here plus its adapter beside the others (parse, run, summary, outputs).
import type { ActionCommand } from './action-command.js';
import { cleanupCommand } from './cleanup.js';
import { deployCommand } from './deploy.js';
import { findFlowsCommand } from './find-flows.js';
import { initCommand } from './init.js';
import { promoteCommand } from './promote.js';

export const COMMANDS: readonly ActionCommand[] = [
  findFlowsCommand,
  deployCommand,
  promoteCommand,
  cleanupCommand,
  initCommand,
];

export function findCommand(name: string): ActionCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}
