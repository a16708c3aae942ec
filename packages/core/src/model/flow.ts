// What a flow is: a Python function decorated with an orchestrator's flow decorator.
// Field names follow acme-portal-sdk's FlowDetails so tools written for it read our JSON.

/** The JSON schema Prefect computes from a flow's signature (its run form in the UI). */
export interface ParameterSchema {
  title: 'Parameters';
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  definitions?: Record<string, Record<string, unknown>>;
}

export interface FlowChildAttributes {
  /** The decorated object's qualified name within its module: `etl` or `Pipelines.etl`. */
  obj_name: string;
  /** Dotted module path from the repository root: `flows.sales.etl`. */
  module: string;
  /** `module.obj_name`: what `importlib` would load. */
  import_path: string;
}

export interface Flow {
  /** Normalised name: the flow name with hyphens turned into underscores. */
  name: string;
  /** The `name=` string given to the decorator, else the function name. */
  original_name: string;
  /** The decorator's `description=`, else the function docstring, else "". */
  description: string;
  /** Stable identifier within the repository: the entrypoint. */
  id: string;
  /** Absolute path of the source file. */
  source_path: string;
  /** Path of the source file relative to the scan root, with `/` separators. */
  source_relative: string;
  /** 1-based line of the `def`. */
  line_number: number;
  /** Folders from the scan root down to the file: `["sales", "daily"]`. */
  grouping: string[];
  child_attributes: FlowChildAttributes;
  /** `path/from/repo/root.py:qualname`, the way Prefect loads a flow. */
  entrypoint: string;
  is_async: boolean;
  /** False for flows defined inside another function, or in a module Python cannot import. */
  deployable: boolean;
  /**
   * Why Python cannot import the flow's module (a syntax error, Python 2 code, a NUL byte),
   * naming the file and line; set only then, with `deployable: false`.
   */
  import_error?: string;
  parameters: ParameterSchema;
  /** Present (true) when the signature has `**kwargs`: any parameter name is passed on. */
  accepts_any_parameters?: boolean;
}

/** Something the scanner noticed but could not act on; never fatal. */
export interface ScanWarning {
  /** Path relative to the scan root, `/` separators. */
  file: string;
  line?: number;
  message: string;
}

export interface FlowScanResult {
  flows: Flow[];
  warnings: ScanWarning[];
  /** Python files looked at (after ignores), and how many of those were parsed. */
  stats: { filesSeen: number; filesParsed: number; bytesRead: number };
}
