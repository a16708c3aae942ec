// The Python flow scanner: the Prefect FlowFinder, and the pure pieces it is built from
// (one module's scan, the pre-parse filter, decoding) for callers and tests.
export { PrefectFlowFinder, DEFAULT_MAX_FILE_BYTES } from './prefect-flow-finder.js';
export type { PrefectFlowFinderSettings } from './prefect-flow-finder.js';
export { scanPythonSource, moduleName } from './python-source.js';
export type { PythonSourceFile, ScanOptions, SourceScan } from './python-source.js';
export { mayDefineFlow, decodePythonSource } from './source-file.js';
export type { DecodedSource } from './source-file.js';
export { listPythonFiles } from './source-tree.js';
export type { PythonFileEntry, SourceTreeOptions } from './source-tree.js';
export { cleanDocstring, googleParameterDescriptions } from './docstring.js';
export { duplicateFlowWarnings } from './duplicate-flows.js';
