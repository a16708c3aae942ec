// The migration report: each old deployment and its new names per environment, what carried over
// and where to, what did not and why (file:line), how deployments were grouped, and the command
// that removes the old deployments once the new ones run.
import { formatLocation } from '../errors/portal-error.js';
import type { ProjectImport } from './imported-config.js';

export interface ReportedProject {
  configPath: string;
  result: ProjectImport;
}

export interface UnmatchedEntrypoint {
  where: string;
  deployment: string;
  entrypoint: string;
  closest: string[];
}

export interface ReportInput {
  command: string;
  sources: readonly string[];
  branch: string;
  projects: readonly ReportedProject[];
  unmatched: readonly UnmatchedEntrypoint[];
  /** File-level notes: unnamed deployments, flows deployed now that were not before, several projects. */
  notes: readonly string[];
  /** Old deployments as Prefect names them, `flow/name`, for the cleanup command; none for the SDK. */
  oldDeployments: readonly { reference: string; scheduled: boolean }[];
  /** Said instead of the cleanup section when there is nothing to remove (the SDK's names are ours). */
  cleanupNote?: string;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function migrationReport(input: ReportInput): string {
  const lines: string[] = ['# Migration report', ''];
  lines.push(`Written by ${code(input.command)} from ${input.sources.map(code).join(', ')}.`, '');
  for (const { configPath, result } of input.projects) {
    const how =
      result.environmentSource === 'fallback'
        ? 'no old deployment named one, so the default list'
        : `told apart by ${result.environmentSource}`;
    lines.push(
      `- ${code(configPath)}: project ${code(String(result.config.project))}, ${result.flows.length} flow${result.flows.length === 1 ? '' : 's'}, environments ${result.environments.join(' → ')} (${how}).`,
    );
    if (result.hoisted.defaults.length > 0)
      lines.push(
        `  Common to every flow, written once under \`defaults\`: ${result.hoisted.defaults.map(code).join(', ')}.`,
      );
    for (const [env, keys] of Object.entries(result.hoisted.perEnvironment))
      lines.push(
        `  Common to every flow in ${env}, written under \`environments.${env}\`: ${keys.map(code).join(', ')}.`,
      );
  }
  lines.push('');
  for (const note of input.notes) lines.push(`- ${note}`);
  if (input.notes.length > 0) lines.push('');

  lines.push(`## Old deployments and their new names (branch ${code(input.branch)})`, '');
  lines.push('| old deployment | declared at | new deployment per environment |', '| --- | --- | --- |');
  for (const { result } of input.projects) {
    for (const flow of result.flows) {
      flow.members.forEach((member, index) => {
        const names = flow.newNames[index]!.map((name) => `${name.env}: ${code(name.name)}`).join('<br>');
        lines.push(
          `| ${code(`${member.oldFlowName}/${member.oldName}`)} | ${formatLocation(member.origin)} | ${names} |`,
        );
      });
    }
  }
  lines.push('');

  lines.push('## How each flow was set up', '');
  for (const { result } of input.projects) {
    for (const { flow, group, members } of result.flows) {
      const olds = members.map((member) => code(member.oldName)).join(', ');
      if (group.kind === 'single') {
        lines.push(`- ${code(flow.name)} (${flow.entrypoint}): ${olds}, deployed in every environment.`);
      } else if (group.kind === 'environments') {
        const envs = [...group.perEnvironment.keys()].join(', ');
        const missing = result.environments.filter((env) => !group.perEnvironment.has(env));
        lines.push(
          `- ${code(flow.name)} (${flow.entrypoint}): ${olds} became environments ${envs} (told apart by ${group.by}).` +
            (group.differing.length > 0
              ? ` They differ in ${group.differing.map(code).join(', ')}: each environment keeps its own under \`environments.<env>.deployments.${flow.name}\`.`
              : ' Their settings are the same.') +
            (missing.length > 0
              ? ` It had no deployment in ${missing.join(', ')}; it is deployed there too now, with the flow's common settings.`
              : ''),
        );
      } else {
        lines.push(
          `- ${code(flow.name)} (${flow.entrypoint}): ${olds} became variants ${[...group.perVariant.keys()].map(code).join(', ')}, deployed in every environment; not environments because ${group.why}.` +
            (group.differing.length > 0
              ? ` They differ in ${group.differing.map(code).join(', ')}, kept per variant.`
              : ' Their settings are the same: remove the variants you do not need.'),
        );
      }
      for (const member of members)
        if (member.entrypointNote) lines.push(`  - ${member.oldName}: ${member.entrypointNote}`);
    }
  }
  lines.push('');

  lines.push('## What carried over', '');
  for (const { result } of input.projects) {
    for (const { members } of result.flows) {
      for (const member of members) {
        const carried = member.carried.map((field) => `${field.field} → ${field.to}`).join(', ');
        lines.push(
          `- ${code(`${member.oldFlowName}/${member.oldName}`)}: entrypoint → the flow ${code(member.flow.name)}${carried ? `, ${carried}` : ''}.`,
        );
      }
    }
  }
  lines.push('');

  const dropped = input.projects.flatMap(({ result }) =>
    result.flows.flatMap(({ members }) =>
      members.flatMap((member) => member.dropped.map((field) => ({ member, field }))),
    ),
  );
  lines.push('## What did not carry over', '');
  if (dropped.length === 0 && input.unmatched.length === 0)
    lines.push('Nothing: every field has its place in the new config.');
  else {
    lines.push('| where | deployment | field | why |', '| --- | --- | --- | --- |');
    // A file-level field (top-level `build`) is one row naming every deployment it applied to.
    const rows = new Map<string, { where: string; names: string[]; field: string; reason: string }>();
    for (const { member, field } of dropped) {
      const where = formatLocation(field.location);
      const key = `${where}\u0000${field.field}\u0000${field.reason}`;
      const row = rows.get(key) ?? { where, names: [], field: field.field, reason: field.reason };
      row.names.push(code(member.oldName));
      rows.set(key, row);
    }
    for (const row of rows.values())
      lines.push(`| ${row.where} | ${row.names.join(', ')} | ${code(row.field)} | ${cell(row.reason)} |`);
    for (const each of input.unmatched) {
      const closest =
        each.closest.length > 0
          ? ` Closest flows: ${each.closest.map(code).join(', ')}.`
          : ' No flow is close.';
      lines.push(
        `| ${each.where} | ${code(each.deployment)} | \`entrypoint\` | ${cell(`${code(each.entrypoint)} names no flow found in the repository, so this deployment was not imported.${closest}`)} |`,
      );
    }
  }
  lines.push('');

  const triggers = input.projects.flatMap(({ result }) =>
    result.flows.flatMap(({ members }) =>
      members.filter((member) => member.carried.some((field) => field.to === 'triggers')),
    ),
  );
  if (triggers.length > 0) {
    lines.push('## Triggers', '');
    lines.push(
      `Copied as written (Prefect trigger objects) under each flow's \`triggers:\`: ${triggers.map((member) => code(member.oldName)).join(', ')}. They need a version of these actions that deploys triggers; an older one refuses the key.`,
      '',
    );
  }

  lines.push('## Removing the old deployments', '');
  if (input.oldDeployments.length === 0) lines.push(input.cleanupNote ?? 'No old deployment to remove.');
  else {
    const scheduled = input.oldDeployments
      .filter((each) => each.scheduled)
      .map((each) => code(each.reference));
    lines.push(
      'The old deployments stay on the server until removed' +
        (scheduled.length > 0
          ? `, and ${scheduled.join(', ')} ${scheduled.length === 1 ? 'has' : 'have'} schedules that will fire next to the new ones`
          : '') +
        '. Once the new deployments run, remove exactly these (add `--dry-run` first to see the plan):',
      '',
      '```sh',
      `acme-portal cleanup --deployments '${input.oldDeployments.map((each) => each.reference).join(',')}'`,
      '```',
      '',
      'or the cleanup action with the same list as its `deployments` input.',
    );
  }
  lines.push('');
  return lines.join('\n');
}
