// Learning-rate schedules as pure functions of the step index: a resumed run gets the same rate from the step
// it resumes at, with no scheduler state to save. Steps count optimiser updates from 0; epoch e holds steps
// e·S .. e·S + S − 1 (S = stepsPerEpoch); T = totalEpochs·S steps in all; W = round(warmupEpochs·S) warm-up steps.
//
//   learningRate(step) = warmup(step) · decayed(step)
//   warmup(step) = min(1, (step + 1) / W), 1 when W = 0: base/W at step 0, the full rate from step W − 1
//                  (torch's LinearLR(start_factor = 1/W, total_iters = W − 1) stepped per step)
//   constant: decayed = base
//   step:     decayed = base · gamma^⌊epoch / everyEpochs⌋, epoch = ⌊step / S⌋ (torch's StepLR stepped per
//             epoch; epochs count from the start of training, warm-up included)
//   cosine:   decayed = min + (base − min) · (1 + cos(π · t / (T − W))) / 2, t = clamp(step − W, 0, T − W)
//             (torch's CosineAnnealingLR with T_max = T − W and eta_min = min, stepped per step after
//             warm-up; base while warming up; it stays at min past the end where torch's would rise again)
//
// Not here: the optimiser that takes the rate (optim/), the trainer that asks for it.

import { assert } from './assert'

export type LearningRateSchedule = Readonly<
  (
    | { kind: 'constant' }
    | { kind: 'step'; everyEpochs: number; gamma: number }
    | { kind: 'cosine'; minLearningRate: number }
  ) & { warmupEpochs: number }
>

export const CONSTANT_SCHEDULE: LearningRateSchedule = { kind: 'constant', warmupEpochs: 0 }

/** Throws naming the first value outside its range; `where` prefixes the message. */
export function checkSchedule(
  schedule: LearningRateSchedule,
  baseLearningRate: number,
  stepsPerEpoch: number,
  totalEpochs: number,
  where: string,
): void {
  assert(
    Number.isFinite(baseLearningRate) && baseLearningRate >= 0,
    () => `${where}: baseLearningRate must be a finite number ≥ 0, got ${baseLearningRate}`,
  )
  assert(
    Number.isInteger(stepsPerEpoch) && stepsPerEpoch >= 1 && Number.isInteger(totalEpochs) && totalEpochs >= 1,
    () =>
      `${where}: stepsPerEpoch and totalEpochs must be whole numbers ≥ 1, ` +
      `got ${stepsPerEpoch} and ${totalEpochs}`,
  )
  const { warmupEpochs } = schedule
  assert(
    Number.isFinite(warmupEpochs) && warmupEpochs >= 0 && warmupEpochs <= totalEpochs,
    () => `${where}: warmupEpochs must be a number from 0 to totalEpochs (${totalEpochs}), got ${warmupEpochs}`,
  )
  if (schedule.kind === 'step') {
    const { everyEpochs, gamma } = schedule
    assert(
      Number.isInteger(everyEpochs) && everyEpochs >= 1,
      () => `${where}: everyEpochs must be a whole number ≥ 1, got ${everyEpochs}`,
    )
    assert(Number.isFinite(gamma) && gamma > 0, () => `${where}: gamma must be a finite number > 0, got ${gamma}`)
  } else if (schedule.kind === 'cosine') {
    const { minLearningRate } = schedule
    assert(
      Number.isFinite(minLearningRate) && minLearningRate >= 0 && minLearningRate <= baseLearningRate,
      () => `${where}: minLearningRate must be from 0 to the base rate ${baseLearningRate}, got ${minLearningRate}`,
    )
  } else {
    const { kind } = schedule as { kind: unknown }
    assert(kind === 'constant', () => `${where}: unknown schedule kind ${kind}`)
  }
}

/** Rate without the checks; callers have checked the arguments once. */
function rateAt(
  schedule: LearningRateSchedule,
  base: number,
  step: number,
  stepsPerEpoch: number,
  totalEpochs: number,
): number {
  const warmupSteps = Math.round(schedule.warmupEpochs * stepsPerEpoch)
  const warmup = Math.min(1, (step + 1) / warmupSteps) // (step+1)/0 = Infinity, so W = 0 gives 1
  switch (schedule.kind) {
    case 'constant':
      return warmup * base
    case 'step':
      return warmup * base * schedule.gamma ** Math.floor(Math.floor(step / stepsPerEpoch) / schedule.everyEpochs)
    case 'cosine': {
      const span = totalEpochs * stepsPerEpoch - warmupSteps
      if (span <= 0) {
        return warmup * base
      }
      const t = Math.min(Math.max(step - warmupSteps, 0), span)
      const { minLearningRate } = schedule
      return warmup * (minLearningRate + ((base - minLearningRate) * (1 + Math.cos((Math.PI * t) / span))) / 2)
    }
  }
}

/** The learning rate for optimiser step `step` (0-based, may run past the last step); see the formulas above. */
export function learningRateAt(
  schedule: LearningRateSchedule,
  baseLearningRate: number,
  step: number,
  stepsPerEpoch: number,
  totalEpochs: number,
): number {
  checkSchedule(schedule, baseLearningRate, stepsPerEpoch, totalEpochs, 'learningRateAt')
  assert(
    Number.isInteger(step) && step >= 0,
    () => `learningRateAt: step must be a whole number ≥ 0, got ${step}`,
  )
  return rateAt(schedule, baseLearningRate, step, stepsPerEpoch, totalEpochs)
}

export type SchedulePoint = Readonly<{ step: number; epoch: number; learningRate: number }>

/**
 * Points of the schedule for a preview plot, ascending by step, epoch = step / stepsPerEpoch (fractional). Every
 * step when there are at most maxPoints; otherwise about maxPoints evenly spaced ones plus, for a step schedule,
 * the last step before and the first step after each drop, so the staircase is drawn exactly.
 */
export function scheduleCurve(
  schedule: LearningRateSchedule,
  baseLearningRate: number,
  stepsPerEpoch: number,
  totalEpochs: number,
  maxPoints = 200,
): SchedulePoint[] {
  checkSchedule(schedule, baseLearningRate, stepsPerEpoch, totalEpochs, 'scheduleCurve')
  assert(
    Number.isInteger(maxPoints) && maxPoints >= 2,
    () => `scheduleCurve: maxPoints must be a whole number ≥ 2, got ${maxPoints}`,
  )
  const totalSteps = totalEpochs * stepsPerEpoch
  const steps = new Set<number>()
  const count = Math.min(totalSteps, maxPoints)
  for (let i = 0; i < count; i++) {
    steps.add(count === 1 ? 0 : Math.round((i * (totalSteps - 1)) / (count - 1)))
  }
  if (schedule.kind === 'step' && count < totalSteps) {
    for (let epoch = schedule.everyEpochs; epoch < totalEpochs; epoch += schedule.everyEpochs) {
      steps.add(epoch * stepsPerEpoch - 1)
      steps.add(epoch * stepsPerEpoch)
    }
  }
  return [...steps]
    .sort((a, b) => a - b)
    .map((step) => ({
      step,
      epoch: step / stepsPerEpoch,
      learningRate: rateAt(schedule, baseLearningRate, step, stepsPerEpoch, totalEpochs),
    }))
}
