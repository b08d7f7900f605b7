/** The data layer's public API: IDX files, datasets by name or directory, downloads. */
export * from './types.js';
export { BILEVEL_THRESHOLD, bilevelBits } from './bilevel.js';
export { IdxDataType, parseIdx, parseIdxHeader, encodeIdx, idxDataTypeName, idxElementBytes, describeIdxDataType } from './idx.js';
export type { IdxDataTypeName, IdxHeader, IdxFile } from './idx.js';
export { readIdxFile, readIdxHeader, isGzip, gunzipIfGzipped } from './idx-file.js';
export type { IdxFileOnDisk, IdxHeaderOnDisk } from './idx-file.js';
export { imageSetFromIdx, checkImageIdx, checkLabelIdx } from './image-set.js';
export { resolveDataset, loadSplit, clearSplitCache, findDatasetFiles, defaultDataRoot, embeddedMnistDirectory } from './resolve.js';
export type { ResolveOptions, DatasetFilesSearch } from './resolve.js';
export { listDatasets, summarizeDataset } from './listing.js';
export type { DatasetSummary, SplitSummary } from './listing.js';
export { fetchDataset, fileUrl } from './fetch.js';
export type { FetchDatasetOptions, FetchResult, FetchedFile } from './fetch.js';
export { REMOTE_DATASETS, KNOWN_DATASET_NAMES, EMBEDDED_DATASET_NAME, STANDARD_FILE_NAMES, SPLIT_NAMES, findRemoteDataset } from './registry.js';
export type { RemoteDataset, RemoteFile } from './registry.js';
