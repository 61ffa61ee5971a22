// Turns decoded items into the dataset an import stores: the classes that still have images (relabelled in
// order), the images moved together in the same array (no copy), the stable split, the training split's
// normalisation, the cache header, the manifest and the doctor's findings. Pure apart from the error thrown when
// fewer than two classes are left. Not the decoding (decodeItems.ts) and not the writing (writeImport.ts).

import { diagnoseDataset } from '../../../app/data/doctor'
import type { DoctorEntry, DoctorFinding } from '../../../app/data/doctor'
import { computeNormalization } from '../../../app/data/imageDataset'
import type { ImageDataset } from '../../../app/data/imageDataset'
import { channelsOf } from '../../../app/data/importSettings'
import type { Preprocessing, SplitSettings } from '../../../app/data/importSettings'
import { makeLikenessCheck } from '../../../app/data/pixelLikeness'
import { stableStratifiedSplit } from '../../../app/data/stableSplit'
import type { DatasetCacheHeader } from '../../../app/formats/datasetCache'
import { DATASET_MANIFEST_VERSION, parsePerceptualHash } from '../../../app/formats/datasetManifest'
import type { DatasetManifest, ManifestEntry } from '../../../app/formats/datasetManifest'
import { splitsFromCodes } from '../../../app/formats/splitCodes'
import type { SourceSizeStatistics } from '../../../app/protocol/studioApi'
import { ITEM_FAILED } from './decodeItems'
import type { DecodedItems } from './decodeItems'
import { nothingImportableError, tooFewClassesError } from './importErrors'
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

const SPLIT_NAMES = ['train', 'validation', 'test'] as const

/** The classes with at least one decoded item, and a problem for each class left out. */
function keptClasses(plan: SourcePlan, decoded: DecodedItems, kept: readonly number[]) {
  const hasImages = plan.classNames.map(() => false)
  for (const slot of kept) {
    hasImages[plan.items[slot].label] = true
  }
  const problems: ImportProblem[] = plan.classNames
    .filter((_, label) => !hasImages[label] && plan.items.some((item) => item.label === label))
    .map((name) => ({ path: name, reason: 'no readable images; left out as a class' }))
  const classNames = plan.classNames.filter((_, label) => hasImages[label])
  const newLabel = plan.classNames.map((name) => classNames.indexOf(name))
  return { classNames, newLabel, problems: [...plan.problems, ...decoded.problems, ...problems] }
}

function doctorEntries(manifest: DatasetManifest): DoctorEntry[] {
  return manifest.entries.map((entry) => ({
    path: entry.path,
    label: entry.label,
    split: SPLIT_NAMES[entry.split],
    width: entry.width,
    height: entry.height,
    contentHash: entry.contentHash,
    perceptualHash: parsePerceptualHash(entry.perceptualHash),
  }))
}

export function assembleImport(
  plan: SourcePlan,
  decoded: DecodedItems,
  context: AssembleContext,
): AssembledImport {
  const { preprocessing, split } = context
  const kept: number[] = []
  decoded.status.forEach((code, slot) => {
    if (code !== ITEM_FAILED) {
      kept.push(slot)
    }
  })
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
  const keys: string[] = new Array(count)
  kept.forEach((slot, index) => {
    if (slot !== index) {
      decoded.images.copyWithin(index * imageBytes, slot * imageBytes, (slot + 1) * imageBytes)
    }
    labels[index] = newLabel[plan.items[slot].label]
    fixed[index] = plan.items[slot].fixedSplit
    keys[index] = decoded.contentHashes[slot]
  })
  const splitCodes = stableStratifiedSplit(keys, labels, classNames.length, split, split.seed, fixed)
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
  const entries: ManifestEntry[] = kept.map((slot, index) => ({
    path: plan.items[slot].path,
    byteLength: decoded.byteLengths[slot],
    mtimeMs: decoded.mtimesMs[slot],
    contentHash: decoded.contentHashes[slot],
    perceptualHash: decoded.perceptualHashes[slot],
    width: decoded.widths[slot],
    height: decoded.heights[slot],
    label: labels[index],
    split: splitCodes[index] as 0 | 1 | 2,
    index,
  }))
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
  const findings = diagnoseDataset(doctorEntries(manifest), classNames, { width: size, height: size },
    { isNearDuplicate }).findings
  const keptWidths = Int32Array.from(kept, (slot) => decoded.widths[slot])
  const keptHeights = Int32Array.from(kept, (slot) => decoded.heights[slot])
  const sourceSizes = sourceSizeStatistics(keptWidths, keptHeights)
  return { dataset, header, manifest, splitCodes, findings, sourceSizes }
}
