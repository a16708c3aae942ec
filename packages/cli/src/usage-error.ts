// A command line the CLI cannot run: an unknown subcommand or flag, a flag without its value, a
// flag given twice. An InputError, so it exits with 2 like a bad input value.
import { InputError } from '@portal-actions/core';

export class UsageError extends InputError {}
