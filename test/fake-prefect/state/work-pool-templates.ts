// Default base job templates of the process, docker and kubernetes work pool types, reduced to the variables
// a client checks (process has no `image`; `env` values are strings) and the placeholders that use them.

import type { JsonObject } from './records.js';

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };

const commonVariables: JsonObject = {
  name: { title: 'Name', type: 'string' },
  env: { title: 'Environment Variables', ...stringMap },
  labels: { title: 'Labels', ...stringMap },
  command: { title: 'Command', type: 'string' },
  stream_output: { title: 'Stream Output', type: 'boolean', default: true },
};

function placeholders(names: string[]): JsonObject {
  return Object.fromEntries(names.map((name) => [name, `{{ ${name} }}`]));
}

function processTemplate(): JsonObject {
  return {
    job_configuration: placeholders(['command', 'env', 'labels', 'name', 'stream_output', 'working_dir']),
    variables: {
      type: 'object',
      properties: {
        ...commonVariables,
        working_dir: { title: 'Working Directory', type: 'string', format: 'path' },
      },
    },
  };
}

function dockerTemplate(): JsonObject {
  const variables: JsonObject = {
    ...commonVariables,
    image: { title: 'Image', type: 'string' },
    image_pull_policy: {
      title: 'Image Pull Policy',
      type: 'string',
      enum: ['IfNotPresent', 'Always', 'IfPossible', 'Never'],
    },
    networks: { title: 'Networks', type: 'array', items: { type: 'string' } },
    network_mode: { title: 'Network Mode', type: 'string' },
    auto_remove: { title: 'Auto Remove', type: 'boolean', default: false },
    volumes: { title: 'Volumes', type: 'array', items: { type: 'string' } },
    mem_limit: { title: 'Memory Limit', type: 'string' },
    memswap_limit: { title: 'Memory Swap Limit', type: 'string' },
    privileged: { title: 'Privileged', type: 'boolean', default: false },
  };
  return {
    job_configuration: placeholders(Object.keys(variables)),
    variables: { type: 'object', properties: variables },
  };
}

function kubernetesTemplate(): JsonObject {
  const variables: JsonObject = {
    ...commonVariables,
    namespace: { title: 'Namespace', type: 'string', default: 'default' },
    image: { title: 'Image', type: 'string' },
    service_account_name: { title: 'Service Account Name', type: 'string' },
    image_pull_policy: {
      title: 'Image Pull Policy',
      type: 'string',
      enum: ['IfNotPresent', 'Always', 'Never'],
      default: 'IfNotPresent',
    },
    finished_job_ttl: { title: 'Finished Job TTL', type: 'integer' },
    job_watch_timeout_seconds: { title: 'Job Watch Timeout Seconds', type: 'integer' },
    pod_watch_timeout_seconds: { title: 'Pod Watch Timeout Seconds', type: 'integer', default: 60 },
    cpu_request: { title: 'CPU Request', type: 'string' },
    cpu_limit: { title: 'CPU Limit', type: 'string' },
    memory_request: { title: 'Memory Request', type: 'string' },
    memory_limit: { title: 'Memory Limit', type: 'string' },
  };
  const container = {
    name: 'prefect-job',
    env: '{{ env }}',
    image: '{{ image }}',
    imagePullPolicy: '{{ image_pull_policy }}',
    args: '{{ command }}',
    resources: {
      limits: { cpu: '{{ cpu_limit }}', memory: '{{ memory_limit }}' },
      requests: { cpu: '{{ cpu_request }}', memory: '{{ memory_request }}' },
    },
  };
  return {
    job_configuration: {
      ...placeholders(['command', 'env', 'labels', 'name', 'namespace', 'stream_output']),
      job_watch_timeout_seconds: '{{ job_watch_timeout_seconds }}',
      pod_watch_timeout_seconds: '{{ pod_watch_timeout_seconds }}',
      job_manifest: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { labels: '{{ labels }}', namespace: '{{ namespace }}', generateName: '{{ name }}-' },
        spec: {
          backoffLimit: 0,
          ttlSecondsAfterFinished: '{{ finished_job_ttl }}',
          template: {
            spec: {
              restartPolicy: 'Never',
              serviceAccountName: '{{ service_account_name }}',
              containers: [container],
            },
          },
        },
      },
    },
    variables: { type: 'object', properties: variables },
  };
}

/** The default template a worker of `type` would register; `{}` for a type the fake does not know. */
export function defaultBaseJobTemplate(type: string): JsonObject {
  switch (type) {
    case 'process':
      return processTemplate();
    case 'docker':
      return dockerTemplate();
    case 'kubernetes':
      return kubernetesTemplate();
    default:
      return {};
  }
}
