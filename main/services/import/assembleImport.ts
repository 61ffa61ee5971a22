// Turns decoded items into the dataset an import stores: the classes that still have images (relabelled in
// order), the kept images and per-image columns moved together inside their own arrays (no copy: decoded's
// arrays are compacted in place and become the dataset's and the manifest's), the stable split, the training
// split's normalisation, the cache header, the manifest and the doctor's findings. Throws when fewer than two
// classes are left. Not the decoding (decodeItems.ts) and not the writing (writeImport.ts).

import { diagnoseDataset } from '../../../app/data/doctor'
import type { DoctorFinding } from '../../../app/data/doctor'
import { computeNormalization } from '../../../app/data/imageDataset'
import type { ImageDataset } from '../../../app/data/imageDataset'
import { channelsOf } from '../../../app/data/importSettings'
import type { Preprocessing, SplitSettings } from '../../../app/data/importSettings'
import { makeLikenessCheck } from '../../../app/data/pixelLikeness'
import { hexKeys, stableStratifiedSplit } from '../../../app/data/stableSplit'
import type { DatasetCacheHeader } from '../../../app/formats/datasetCache'
import { DATASET_MANIFEST_VERSION } from '../../../app/formats/datasetManifest'
import type { DatasetManifest } from '../../../app/formats/datasetManifest'
import { CONTENT_HASH_BYTES } from '../../../app/formats/manifestEntries'
import { PackedStrings } from '../../../app/formats/packedStrings'
import type { ManifestEntries } from '../../../app/formats/manifestEntries'
import { splitsFromCodes } from '../../../app/formats/splitCodes'
import type { SourceSizeStatistics } from '../../../app/protocol/studioApi'
import { ITEM_FAILED } from './decodeItems'
import type { DecodedItems } from './decodeItems'
import { nothingImportableError, tooFewClassesError } from './importErrors'
import { FileItemList } from './planItems'
import type { ImportProblem, SourcePlan } from './sourcePlan'
import { sourceSizeStatistics } from './sourceSizes'

export type AssembleContext = Readonly<{
  source: string
  name: string
  importId: string
  preprocessing: Preprocessing
  split: SplitSettings
}>

export type AssembledImport = Readonly<{
  dataset: ImageDataset
  header: DatasetCacheHeader
  manifest: DatasetManifest
  /** One byte per image, as the cache stores them. */
  splitCodes: Uint8Array
  findings: readonly DoctorFinding[]
  sourceSizes: SourceSizeStatistics | null
}>

/** The classes with at least one decoded item, and a problem for each class left out. */
function keptClasses(plan: SourcePlan, decoded: DecodedItems, kept: Int32Array) {
  const hasImages = plan.classNames.map(() => false)
  const isPlanned = plan.classNames.map(() => false)
  for (const slot of kept) {
    hasImages[plan.items.labels[slot]] = true
  }
  for (const label of plan.items.labels) {
    isPlanned[label] = true
  }
  const problems: ImportProblem[] = plan.classNames
    .filter((_, label) => !hasImages[label] && isPlanned[label])
    .map((name) => ({ path: name, reason: 'no readable images; left out as a class' }))
  const classNames = plan.classNames.filter((_, label) => hasImages[label])
  const newLabel = plan.classNames.map((name) => classNames.indexOf(name))
  return { classNames, newLabel, problems: [...plan.problems, ...decoded.problems, ...problems] }
}

/** Moves each kept slot's `width` values to position `index` of the same column (kept is ascending). */
function compact<T extends Uint8Array | Uint32Array | Float64Array>(column: T, kept: Int32Array, width: number): T {
  kept.forEach((slot, index) => {
    if (slot !== index) {
      column.copyWithin(index * width, slot * width, (slot + 1) * width)
    }
  })
  return column.subarray(0, kept.length * width) as T
}

/**
 * The manifest's columns for the kept items, in cache order (entry i is image i): the decoded columns themselves,
 * compacted in place as the images are, and the plan's packed paths when every item was kept. No second copy of
 * per-image data is made, so the import's memory beyond the cache stays the columns' ~100 bytes per image.
 */
function keptEntries(plan: SourcePlan, decoded: DecodedItems, kept: Int32Array, labels: Uint8Array): ManifestEntries {
  const count = kept.length
  const planPaths = plan.items instanceof FileItemList ? plan.items.paths : null
  let paths = planPaths !== null && count === planPaths.count ? planPaths : null
  if (paths === null) {
    paths = new PackedStrings()
    for (const slot of kept) {
      if (planPaths !== null) {
        paths.pushFrom(planPaths, slot)
      } else {
        paths.push(plan.items.at(slot).path)
      }
    }
  }
  return {
    count,
    paths,
    byteLengths: compact(decoded.byteLengths, kept, 1),
    mtimesMs: compact(decoded.mtimesMs, kept, 1),
    contentHashes: compact(decoded.contentHashes, kept, CONTENT_HASH_BYTES),
    perceptualHashes: compact(decoded.perceptualHashes, kept, 2),
    widths: compact(decoded.widths, kept, 1),
    heights: compact(decoded.heights, kept, 1),
    labels,
    splits: new Uint8Array(count),
    indices: Uint32Array.from({ length: count }, (_, index) => index),
  }
}

export function assembleImport(
  plan: SourcePlan,
  decoded: DecodedItems,
  context: AssembleContext,
): AssembledImport {
  const { preprocessing, split } = context
  const kept = Int32Array.from({ length: decoded.status.length }, (_, slot) => slot)
    .filter((slot) => decoded.status[slot] !== ITEM_FAILED)
  const { classNames, newLabel, problems } = keptClasses(plan, decoded, kept)
  if (kept.length === 0) {
    throw nothingImportableError(context.source, problems)
  }
  if (classNames.length < 2) {
    throw tooFewClassesError(context.source, classNames, plan.kind === 'csv')
  }
  const { size, colorMode } = preprocessing
  const imageShape = { height: size, width: size, channels: channelsOf(colorMode) }
  const imageBytes = size * size * imageShape.channels
  const count = kept.length
  const labels = new Uint8Array(count)
  const fixed = new Int8Array(count)
  kept.forEach((slot, index) => {
    labels[index] = newLabel[plan.items.labels[slot]]
    fixed[index] = plan.items.fixedSplits[slot]
  })
  compact(decoded.images, kept, imageBytes)
  const entries = keptEntries(plan, decoded, kept, labels)
  const keys = hexKeys(entries.contentHashes, CONTENT_HASH_BYTES)
  const splitCodes = stableStratifiedSplit(keys, labels, classNames.length, split, split.seed, fixed)
  entries.splits.set(splitCodes)
  // A source whose fixed parts all failed to decode ends up split by the settings alone.
  const splitOrigin = fixed.some((code) => code >= 0) ? plan.splitOrigin : 'seeded'
  const splits = splitsFromCodes(splitCodes)
  const dataset: ImageDataset = {
    name: context.name,
    classNames,
    imageShape,
    images: decoded.images.subarray(0, count * imageBytes),
    labels,
    count,
    splits,
  }
  const everyIndex = Int32Array.from({ length: count }, (_, index) => index)
  const normalization = computeNormalization(dataset, splits.train.length > 0 ? splits.train : everyIndex)
  const header: DatasetCacheHeader = {
    name: context.name,
    classNames,
    imageShape,
    count,
    splits: { train: splits.train.length, validation: splits.validation.length, test: splits.test.length },
    source: context.source,
    kind: plan.kind,
    importId: context.importId,
    preprocessing,
    split,
    splitOrigin,
    normalization,
  }
  const manifest: DatasetManifest = {
    version: DATASET_MANIFEST_VERSION,
    importId: context.importId,
    kind: plan.kind,
    source: context.source,
    name: context.name,
    classNames,
    preprocessing,
    split,
    splitOrigin,
    entries,
    problems,
  }
  // Near-duplicate candidates (close perceptual hashes) are confirmed on the images the network will see.
  const isNearDuplicate = makeLikenessCheck(dataset.images, imageBytes, dataset.count)
  const findings = diagnoseDataset(entries, classNames, { width: size, height: size }, { isNearDuplicate }).findings
  const sourceSizes = sourceSizeStatistics(entries.widths, entries.heights)
  return { dataset, header, manifest, splitCodes, findings, sourceSizes }
}
