// `init --from prefect.yaml ...`: every deployment matched to a scanned flow and mapped to our
// settings; the files gathered into projects (one config at the root, or one per project folder
// when each file is a project of its own); the configs and the migration report.
import { posix } from 'node:path';
import { formatLocation } from '../errors/portal-error.js';
import type { Flow } from '../model/flow.js';
import { pyprojectName } from '../init/repository-facts.js';
import { buildProjectImport, type ImportedDeployment, type ProjectImport } from './imported-config.js';
import { matchEntrypoint, prefectFlowName } from './entrypoint-match.js';
import type { ImportSource } from './import-sources.js';
import type { UnmatchedEntrypoint } from './migration-report.js';
import { importDeploymentSettings } from './prefect-yaml/deployment-settings.js';
import { readPrefectYaml, type PrefectYamlFile } from './prefect-yaml/prefect-yaml-file.js';

export interface PrefectYamlImportRequest {
  repoRoot: string;
  sources: readonly ImportSource[];
  /** Every flow of the repository, scanned from its root (entrypoints relative to it). */
  flows: readonly Flow[];
  environments: readonly string[];
  /** `--envs` when given. */
  requestedEnvironments: readonly string[] | null;
  branch: string;
  /** The repository's name, the project name of a root config without a pyproject name. */
  repositoryName: string;
}

export interface ImportedProject {
  /** The project folder relative to the repository root ('' for the root). */
  folder: string;
  configPath: string;
  result: ProjectImport;
}

export interface PrefectYamlImport {
  projects: ImportedProject[];
  unmatched: UnmatchedEntrypoint[];
  notes: string[];
  oldDeployments: { reference: string; scheduled: boolean }[];
}

interface Matched {
  file: PrefectYamlFile;
  deployment: ImportedDeployment;
  /** The folder the entrypoint was read against. */
  base: 'file-folder' | 'repository-root' | 'both';
}

const inFolder = (folder: string, path: string) =>
  folder === '' || path === folder || path.startsWith(`${folder}/`);
const relativeTo = (folder: string, path: string) => (folder === '' ? path : posix.relative(folder, path));
const fileOf = (flow: Flow) => flow.entrypoint.slice(0, flow.entrypoint.lastIndexOf(':'));

function hasActiveSchedule(settings: Record<string, unknown>): boolean {
  const schedules = settings.schedules;
  return (
    settings.paused !== true &&
    Array.isArray(schedules) &&
    schedules.some((each: { active?: boolean }) => each.active !== false)
  );
}

/** The common folder of the matched flows' files, and the files there holding only other flows. */
function flowsSection(
  folder: string,
  matched: readonly Flow[],
  all: readonly Flow[],
): { root: string; exclude: string[]; alsoDeployed: Flow[] } {
  const dirs = matched.map((flow) => posix.dirname(relativeTo(folder, fileOf(flow))));
  let root = dirs[0] ?? '.';
  for (const dir of dirs)
    while (root !== '.' && dir !== root && !dir.startsWith(`${root}/`)) root = posix.dirname(root);
  const rootPath = root === '.' ? folder : posix.join(folder, root);
  const wanted = new Set(matched.map((flow) => flow.entrypoint));
  const matchedFiles = new Set(matched.map(fileOf));
  const others = all.filter((flow) => !wanted.has(flow.entrypoint) && inFolder(rootPath, fileOf(flow)));
  const exclude = [...new Set(others.map(fileOf).filter((file) => !matchedFiles.has(file)))]
    .map((file) => relativeTo(rootPath, file))
    .sort();
  const alsoDeployed = others.filter((flow) => matchedFiles.has(fileOf(flow)));
  return { root, exclude, alsoDeployed };
}

export async function importPrefectYaml(request: PrefectYamlImportRequest): Promise<PrefectYamlImport> {
  const unmatched: UnmatchedEntrypoint[] = [];
  const notes: string[] = [];
  const matchedByFile = new Map<PrefectYamlFile, Matched[]>();
  for (const source of request.sources) {
    const file = readPrefectYaml(source.text, source.path);
    const matched: Matched[] = [];
    for (const deployment of file.deployments) {
      const where = formatLocation(deployment.at([]));
      if (deployment.name === null) {
        notes.push(
          `${where}: a deployment without a name, which \`prefect deploy --all\` skips too; not imported.`,
        );
        continue;
      }
      const entrypoint = deployment.fields.entrypoint;
      if (typeof entrypoint !== 'string' || entrypoint.trim() === '') {
        unmatched.push({ where, deployment: deployment.name, entrypoint: '(none)', closest: [] });
        continue;
      }
      const match = matchEntrypoint(entrypoint.trim(), file.folder, request.flows);
      if (match.flow === null) {
        unmatched.push({ where, deployment: deployment.name, entrypoint, closest: match.closest });
        continue;
      }
      const imported = importDeploymentSettings(deployment);
      let entrypointNote: string | null = null;
      if (match.base === 'file-folder' && match.other)
        entrypointNote = `\`${entrypoint}\` names ${match.flow.entrypoint} read from ${file.folder}/ (where \`prefect deploy\` runs for this file) and ${match.other.entrypoint} read from the repository root; the first was taken.`;
      else if (match.base === 'repository-root' && file.folder !== '')
        entrypointNote = `\`${entrypoint}\` is read from the repository root (\`prefect deploy --prefect-file ${file.file}\` run there).`;
      matched.push({
        file,
        base: match.base,
        deployment: {
          origin: deployment.at([]),
          oldFlowName: prefectFlowName(match.flow),
          oldName: deployment.name,
          flow: match.flow,
          entrypointNote,
          ...imported,
        },
      });
    }
    matchedByFile.set(file, matched);
  }

  // A file whose entrypoints are all read from its own folder is a project of its own there.
  const byProject = new Map<string, Matched[]>();
  for (const [file, matched] of matchedByFile) {
    const own =
      file.folder !== '' && matched.length > 0 && matched.every((each) => each.base === 'file-folder');
    const folder = own ? file.folder : '';
    byProject.set(folder, [...(byProject.get(folder) ?? []), ...matched]);
  }
  const projects: ImportedProject[] = [];
  for (const [folder, matched] of [...byProject].sort(([a], [b]) => a.localeCompare(b))) {
    if (matched.length === 0) continue;
    // One config holds one flow per name: a second flow of the same name cannot join it.
    const byName = new Map<string, Flow>();
    const kept = matched.filter(({ deployment }) => {
      const first = byName.get(deployment.flow.name);
      if (!first) byName.set(deployment.flow.name, deployment.flow);
      if (!first || first === deployment.flow) return true;
      notes.push(
        `${formatLocation(deployment.origin)}: ${deployment.oldName} names the flow ${deployment.flow.name} at ${deployment.flow.entrypoint}, but ${first.entrypoint} has that name too and one config holds one flow per name; not imported (keep it in a project folder of its own).`,
      );
      return false;
    });
    const flows = [...byName.values()];
    const section = flowsSection(folder, flows, request.flows);
    for (const flow of section.alsoDeployed)
      notes.push(
        `The flow ${flow.name} (${flow.entrypoint}) had no deployment in the prefect.yaml, but its file holds one that does, so the new config deploys it too; exclude it with flows.exclude or delete it if unwanted.`,
      );
    const yamlNames = [
      ...new Set(kept.map((each) => each.file.projectName).filter((name): name is string => name !== null)),
    ];
    const project =
      (await pyprojectName(posix.join(request.repoRoot, folder))) ??
      (yamlNames.length === 1 ? yamlNames[0]! : null) ??
      (folder === '' ? request.repositoryName : posix.basename(folder));
    const result = buildProjectImport({
      project,
      fallbackEnvironments: request.environments,
      requestedEnvironments: request.requestedEnvironments,
      deployments: kept.map((each) => each.deployment),
      branch: request.branch,
      flows: { root: section.root, exclude: section.exclude },
    });
    projects.push({
      folder,
      configPath: folder === '' ? '.acme-portal.yml' : `${folder}/.acme-portal.yml`,
      result,
    });
  }
  if (projects.length > 1 || (projects.length === 1 && projects[0]!.folder !== '')) {
    notes.push(
      `The prefect.yaml files are separate projects (each deployed from its own folder, its entrypoints read from there), so each folder gets its own config: ${projects.map((each) => `\`${each.configPath}\``).join(', ')}. Deploy each with \`config: <folder>/.acme-portal.yml\` (CLI: \`--config\`), one step or job per folder.`,
    );
  }
  const oldDeployments = projects.flatMap(({ result }) =>
    result.flows.flatMap(({ members }) =>
      members.map((member) => ({
        reference: `${member.oldFlowName}/${member.oldName}`,
        scheduled: hasActiveSchedule(member.settings),
      })),
    ),
  );
  return { projects, unmatched, notes, oldDeployments };
}
