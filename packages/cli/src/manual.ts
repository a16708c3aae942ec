// Where the manual lives: each action.yml's description ends with its page, and `--help` names
// the CLI's page, so a user who meets a command or an action finds its page in one step.
export const MANUAL_URL = 'https://github.com/acme/portal-actions/blob/main/docs';

/** The https address of a page of docs/, e.g. `manualPage('cli')`. */
export const manualPage = (page: string) => `${MANUAL_URL}/${page}.md`;
