// Checks the result of every studio request before a screen sees it, one parser per method. The table is
// typed over StudioMethod, so adding a request to the contract without a parser here is a compile error.
// Unknown extra fields are kept (a newer host may send more); the fields the UI reads are checked.
// The dataset parsers live beside this file (incomingDataset.ts, incomingDatasetFiles.ts).

import type { AppInfo, StudioMethod, StudioResult } from '../../app/protocol/studioApi'
import { expectBoolean, expectOneOf, expectRecord, expectString } from '../../app/protocol/validate'
import { expectCount } from './incomingCounts'
import { parseDatasetSummary } from './incomingDataset'
import { parseCancelResult, parseDatasetImagePage, parseSourceFileView } from './incomingDatasetFiles'

export { parseDatasetSummary } from './incomingDataset'

export function parseAppInfo(value: unknown, path = 'app info'): AppInfo {
  const record = expectRecord(value, path)
  return {
    ...record,
    name: expectString(record.name, `${path}.name`),
    version: expectString(record.version, `${path}.version`),
    host: expectOneOf(record.host, `${path}.host`, ['electron', 'serve'] as const),
    apiVersion: expectCount(record.apiVersion, `${path}.apiVersion`),
    trainerProtocolVersion: expectCount(record.trainerProtocolVersion, `${path}.trainerProtocolVersion`),
    canOpenFolderPaths: expectBoolean(record.canOpenFolderPaths, `${path}.canOpenFolderPaths`),
    canUploadFolders: expectBoolean(record.canUploadFolders, `${path}.canUploadFolders`),
  }
}

type ResultParsers = { readonly [M in StudioMethod]: (value: unknown, path: string) => StudioResult<M> }

const RESULT_PARSERS: ResultParsers = {
  'app:info': parseAppInfo,
  'datasets:sample': parseDatasetSummary,
  'datasets:import': parseDatasetSummary,
  'datasets:cancelImport': parseCancelResult,
  'datasets:images': parseDatasetImagePage,
  'datasets:sourceFile': parseSourceFileView,
}

/** Checks a response's result for `method`; the ValidationError names the method and the field. */
export function parseResult<M extends StudioMethod>(method: M, value: unknown): StudioResult<M> {
  const parser = RESULT_PARSERS[method] as (value: unknown, path: string) => StudioResult<M>
  return parser(value, `${method} result`)
}
