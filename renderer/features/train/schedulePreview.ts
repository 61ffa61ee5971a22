// The learning-rate curve the Train screen previews before a run: the formulas of app/engine/schedule.ts's header,
// written again here because the renderer may not import the engine (tests hold the two to hand-computed values).
// Steps count optimiser updates from 0; S steps per epoch, T = epochs·S in all, W = round(warmupEpochs·S):
//   rate(step) = min(1, (step + 1) / W) · decayed(step)        (the factor is 1 when W = 0)
//   constant: base · step: base · gamma^⌊⌊step / S⌋ / everyEpochs⌋
//   cosine:   min + (base − min) · (1 + cos(π · t / (T − W))) / 2, t = clamp(step − W, 0, T − W); base if T ≤ W
// Not here: drawing (SchedulePreview.tsx) or checking the settings (trainingOptionFields.ts).

import type { TrainingOptions } from '../../../app/protocol/trainingOptions'

export type LearningRateSchedule = TrainingOptions['schedule']

/** x is the epoch position of the step (step / S), y its learning rate. */
export type PreviewPoint = { x: number; y: number }

export type SchedulePlan = Readonly<{
  schedule: LearningRateSchedule
  baseLearningRate: number
  stepsPerEpoch: number
  epochs: number
}>

function decayed(plan: SchedulePlan, step: number, warmupSteps: number): number {
  const { schedule, baseLearningRate: base, stepsPerEpoch, epochs } = plan
  if (schedule.kind === 'step') {
    const drops = Math.floor(Math.floor(step / stepsPerEpoch) / schedule.everyEpochs)
    return base * schedule.gamma ** drops
  }
  if (schedule.kind === 'cosine') {
    const span = epochs * stepsPerEpoch - warmupSteps
    if (span <= 0) {
      return base
    }
    const progress = Math.min(span, Math.max(0, step - warmupSteps)) / span
    const low = schedule.minLearningRate
    return low + ((base - low) * (1 + Math.cos(Math.PI * progress))) / 2
  }
  return base
}

/** The learning rate of optimiser step `step` (from 0). */
export function previewLearningRate(plan: SchedulePlan, step: number): number {
  const warmupSteps = Math.round(plan.schedule.warmupEpochs * plan.stepsPerEpoch)
  const warmupFactor = warmupSteps === 0 ? 1 : Math.min(1, (step + 1) / warmupSteps)
  return warmupFactor * decayed(plan, step, warmupSteps)
}

/**
 * The steps worth plotting: all of them when there are at most `maxPoints`; otherwise an even spread, plus the end
 * of the warm-up and both sides of every step-schedule drop, so corners are drawn where they are.
 */
function plottedSteps(plan: SchedulePlan, maxPoints: number): number[] {
  const total = plan.epochs * plan.stepsPerEpoch
  if (total <= maxPoints) {
    return Array.from({ length: total }, (_, step) => step)
  }
  const chosen = new Set<number>()
  for (let index = 0; index < maxPoints; index++) {
    chosen.add(Math.round((index / (maxPoints - 1)) * (total - 1)))
  }
  const warmupSteps = Math.round(plan.schedule.warmupEpochs * plan.stepsPerEpoch)
  if (warmupSteps > 0 && warmupSteps <= total) {
    chosen.add(warmupSteps - 1)
  }
  const { schedule } = plan
  if (schedule.kind === 'step') {
    for (let epoch = schedule.everyEpochs; epoch < plan.epochs; epoch += schedule.everyEpochs) {
      chosen.add(epoch * plan.stepsPerEpoch - 1)
      chosen.add(epoch * plan.stepsPerEpoch)
    }
  }
  return [...chosen].sort((a, b) => a - b)
}

/** The curve over the planned run, ascending in x; empty when the plan has no steps. */
export function schedulePreviewPoints(plan: SchedulePlan, maxPoints = 240): PreviewPoint[] {
  if (!(plan.stepsPerEpoch >= 1 && plan.epochs >= 1)) {
    return []
  }
  return plottedSteps(plan, Math.max(2, maxPoints)).map((step) => ({
    x: step / plan.stepsPerEpoch,
    y: previewLearningRate(plan, step),
  }))
}

/** Steps per epoch as the trainer counts them: the last, smaller batch is still a step. */
export function stepsPerEpochFor(trainCount: number, batchSize: number): number {
  return Math.max(1, Math.ceil(trainCount / Math.max(1, batchSize)))
}
