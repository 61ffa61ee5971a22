import { describe, expect, test } from 'vitest'
import type { ImageDataset } from '../../app/data/imageDataset'
import { presetSpec } from '../../app/model/presets'
import type { Hyperparameters, TrainerEvent } from '../../app/protocol/trainerProtocol'
import { TRAINER_PROTOCOL_VERSION } from '../../app/protocol/trainerProtocol'
import { TrainerSession } from '../../worker/trainerSession'

// An easy two-class problem: 8×8 grey images, bright on the left half or on the right half, with noise.
function leftRightDataset(count: number): ImageDataset {
  const size = 8
  const images = new Uint8Array(count * size * size)
  const labels = new Uint8Array(count)
  let noise = 12345
  for (let index = 0; index < count; index++) {
    const label = index % 2
    labels[index] = label
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        noise = (noise * 1103515245 + 12345) >>> 0
        const isBright = label === 0 ? x < size / 2 : x >= size / 2
        images[index * size * size + y * size + x] = (isBright ? 180 : 40) + (noise % 50)
      }
    }
  }
  const all = Int32Array.from({ length: count }, (_, i) => i)
  return {
    name: 'left-right',
    classNames: ['left', 'right'],
    imageShape: { height: size, width: size, channels: 1 },
    images,
    labels,
    count,
    splits: { train: all.slice(0, count - 40), validation: all.slice(count - 40, count - 20), test: all.slice(count - 20) },
  }
}

const hyperparameters: Hyperparameters = {
  epochs: 2,
  batchSize: 8,
  learningRate: 0.05,
  momentum: 0.9,
  seed: 3,
  options: { threads: 1 },
}
const spec = presetSpec('tiny', { height: 8, width: 8, channels: 1 }, 2)
const data = { kind: 'sample', name: 'shapes' } as const

function makeSession(onEvent: (event: TrainerEvent, session: TrainerSession) => void = () => {}) {
  const events: TrainerEvent[] = []
  const hostEvents: TrainerEvent[] = []
  const session: TrainerSession = new TrainerSession({
    send: (event) => {
      events.push(event)
      onEvent(event, session)
    },
    sendToHost: (event) => hostEvents.push(event),
    loadDataset: async () => ({ dataset: leftRightDataset(200), normalization: null }),
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
    defaultThreads: 3,
  })
  return { session, events, hostEvents }
}

function waitFor(events: TrainerEvent[], predicate: (event: TrainerEvent) => boolean, timeoutMs = 20_000): Promise<TrainerEvent> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const found = events.find(predicate)
      if (found) {
        resolve(found)
      } else if (Date.now() > deadline) {
        reject(new Error(`timed out; last events: ${JSON.stringify(events.slice(-3))}`))
      } else {
        setTimeout(check, 5)
      }
    }
    check()
  })
}

const types = (events: TrainerEvent[]) => events.map((event) => event.type)

describe('TrainerSession', () => {
  test('the handshake names the protocol version', () => {
    const { session } = makeSession()
    expect(session.ready()).toEqual({ type: 'ready', protocolVersion: TRAINER_PROTOCOL_VERSION, threads: 3 })
  })

  test('a run reports state, steps, epochs and a summary, and learns the easy problem', async () => {
    const { session, events } = makeSession()
    session.handle({ type: 'start', runId: 'r1', spec, data, hyperparameters })
    const summary = await waitFor(events, (event) => event.type === 'summary')
    expect(types(events).slice(0, 2)).toEqual(['state', 'runStarted'])
    expect(events[1]).toMatchObject({ type: 'runStarted', threads: 1, resumedFrom: null, spec, hyperparameters })
    const steps = events.filter((event) => event.type === 'step')
    expect(steps).toHaveLength(2 * Math.ceil(160 / 8))
    expect(events.filter((event) => event.type === 'epoch').map((event) => event.type === 'epoch' && event.epoch)).toEqual([1, 2])
    expect(summary.type === 'summary' && summary.summary).toMatchObject({ runId: 'r1', reason: 'finished', epochsCompleted: 2 })
    expect(summary.type === 'summary' && summary.summary.test.accuracy).toBeGreaterThan(0.9)
    expect(events.at(-1)).toEqual({ type: 'state', state: 'finished', runId: 'r1' })
  })

  test('pause holds training between steps until resume; stop ends it with a summary', async () => {
    let stepsSeen = 0
    const { session, events } = makeSession((event, self) => {
      if (event.type === 'step' && ++stepsSeen === 5) {
        self.handle({ type: 'pause' })
      }
    })
    session.handle({ type: 'start', runId: 'r2', spec, data, hyperparameters: { ...hyperparameters, epochs: 50 } })
    await waitFor(events, (event) => event.type === 'state' && event.state === 'paused')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(stepsSeen).toBe(5)
    session.handle({ type: 'resume' })
    await waitFor(events, (event) => event.type === 'step' && event.step === 12)
    session.handle({ type: 'stop' })
    const summary = await waitFor(events, (event) => event.type === 'summary')
    expect(summary.type === 'summary' && summary.summary.reason).toBe('stopped')
    expect(events.at(-1)).toMatchObject({ type: 'state', state: 'stopped' })
    expect(session.getState()).toBe('stopped')
  })

  test('commands that do not fit the state are refused with a reason, and the session stays usable', async () => {
    const { session, events } = makeSession()
    session.handle({ type: 'pause' })
    session.handle({ type: 'jump' })
    expect(events[0]).toMatchObject({ type: 'error', command: 'pause' })
    expect(events[0].type === 'error' && events[0].error.message).toBe('cannot pause: the trainer is idle (pause works when running)')
    expect(events[1]).toMatchObject({ type: 'error', command: null })
    session.handle({ type: 'start', runId: 'r3', spec, data, hyperparameters: { ...hyperparameters, epochs: 50 } })
    session.handle({ type: 'start', runId: 'r4', spec, data, hyperparameters })
    expect(events.at(-1)).toMatchObject({ type: 'error', command: 'start' })
    session.handle({ type: 'stop' })
    await waitFor(events, (event) => event.type === 'state' && event.state === 'stopped')
  })

  test('a model that does not fit the data fails the run with advice', async () => {
    const { session, events } = makeSession()
    const wrongInput = presetSpec('tiny', { height: 16, width: 16, channels: 1 }, 2)
    session.handle({ type: 'start', runId: 'r5', spec: wrongInput, data, hyperparameters })
    const error = await waitFor(events, (event) => event.type === 'error')
    expect(error.type === 'error' && error.error.message).toMatch(/takes 16×16×1 input but the images are 8×8×1/)
    expect(error).toMatchObject({ command: 'start' })
    await waitFor(events, (event) => event.type === 'state' && event.state === 'failed')
  })
})

function checkpointsOf(hostEvents: TrainerEvent[]) {
  return hostEvents.flatMap((event) => (event.type === 'checkpoint' ? [event] : []))
}

describe('TrainerSession checkpoints', () => {
  test('a checkpoint goes to the host at every epoch end and on pause, never to windows', async () => {
    let steps = 0
    const { session, events, hostEvents } = makeSession((event, self) => {
      if (event.type === 'step' && ++steps === 25) {
        self.handle({ type: 'pause' })
      }
    })
    session.handle({ type: 'start', runId: 'c1', spec, data, hyperparameters })
    await waitFor(events, (event) => event.type === 'state' && event.state === 'paused')
    await new Promise((resolve) => setTimeout(resolve, 20))
    session.handle({ type: 'resume' })
    await waitFor(events, (event) => event.type === 'summary')
    const saved = checkpointsOf(hostEvents).map((event) => [event.epoch, event.isEpochEnd])
    expect(saved).toEqual([
      [1, true],
      [1, false],
      [2, true],
    ])
    expect(events.some((event) => event.type === 'checkpoint')).toBe(false)
  })

  test('continuing from a mid-epoch checkpoint ends with exactly the weights of an uninterrupted run', async () => {
    const straight = makeSession()
    straight.session.handle({ type: 'start', runId: 'u1', spec, data, hyperparameters: { ...hyperparameters, epochs: 3 } })
    await waitFor(straight.events, (event) => event.type === 'summary')
    const finalStraight = checkpointsOf(straight.hostEvents).at(-1)!

    let steps = 0
    const interrupted = makeSession((event, self) => {
      if (event.type === 'step' && ++steps === 27) {
        self.handle({ type: 'stop' })
      }
    })
    interrupted.session.handle({ type: 'start', runId: 'u1', spec, data, hyperparameters: { ...hyperparameters, epochs: 3 } })
    await waitFor(interrupted.events, (event) => event.type === 'summary')
    const midEpoch = checkpointsOf(interrupted.hostEvents).at(-1)!
    expect(midEpoch).toMatchObject({ epoch: 1, isEpochEnd: false })

    const resumed = makeSession()
    resumed.session.handle({ type: 'startFromCheckpoint', checkpoint: midEpoch.bytes })
    await waitFor(resumed.events, (event) => event.type === 'summary')
    const started = resumed.events.find((event) => event.type === 'runStarted')
    expect(started).toMatchObject({ runId: 'u1', resumedFrom: { epoch: 1, stepInEpoch: 7, globalStep: 27 } })
    const finalResumed = checkpointsOf(resumed.hostEvents).at(-1)!
    const { decodeCheckpoint } = await import('../../app/formats/checkpoint')
    const a = decodeCheckpoint(finalStraight.bytes)
    const b = decodeCheckpoint(finalResumed.bytes)
    expect(b.progress).toEqual(a.progress)
    expect(Array.from(b.weights)).toEqual(Array.from(a.weights))
    expect(Array.from(b.optimizerState)).toEqual(Array.from(a.optimizerState))
  })

  test('evaluate answers with full metrics for the last run; a corrupt checkpoint is refused with the reason', async () => {
    const { session, events } = makeSession()
    session.handle({ type: 'evaluate', requestId: 5, split: 'test', topK: 1, maxMisclassified: 3 })
    const refused = await waitFor(events, (event) => event.type === 'error')
    expect(refused).toMatchObject({ command: 'evaluate', requestId: 5 })
    session.handle({ type: 'start', runId: 'e1', spec, data, hyperparameters })
    await waitFor(events, (event) => event.type === 'summary')
    session.handle({ type: 'evaluate', requestId: 6, split: 'test', topK: 1, maxMisclassified: 3 })
    const answer = await waitFor(events, (event) => event.type === 'evaluation')
    expect(answer).toMatchObject({ requestId: 6, runId: 'e1', split: 'test', evaluation: { count: 20, classCount: 2 } })
    const evaluation = answer.type === 'evaluation' ? answer.evaluation : null
    expect(evaluation!.confusion.reduce((sum, value) => sum + value, 0)).toBe(20)
    expect(evaluation!.topKAccuracy).toBe(evaluation!.accuracy)

    session.handle({ type: 'startFromCheckpoint', checkpoint: new Uint8Array([1, 2, 3]) })
    const failed = await waitFor(events, (event) => event.type === 'error' && event.command === 'start')
    expect(failed.type === 'error' && failed.error.message).toMatch(/CNN Studio checkpoint|truncated|magic/i)
  })
})

describe('TrainerSession inspection', () => {
  test('answers probabilities, filters, activations, saliency and Grad-CAM for a dataset image; refuses bad indices', async () => {
    const { session, events } = makeSession()
    session.handle({ type: 'start', runId: 'i1', spec, data, hyperparameters })
    await waitFor(events, (event) => event.type === 'summary')
    const image = { kind: 'dataset', split: 'test', index: 3 } as const
    const requests = [
      { kind: 'probabilities', image },
      { kind: 'filters' },
      { kind: 'activations', image },
      { kind: 'saliency', image, classIndex: 1 },
      { kind: 'gradCam', image, classIndex: 0, layerIndex: null },
    ] as const
    requests.forEach((request, requestId) => session.handle({ type: 'inspect', requestId, request }))
    const answers = await Promise.all(
      requests.map((_, requestId) =>
        waitFor(events, (event) => event.type === 'inspection' && event.requestId === requestId),
      ),
    )
    const results = answers.map((answer) => (answer.type === 'inspection' ? answer.result : null))
    const [probabilities, filters, activations, saliency, gradCamResult] = results
    expect(probabilities?.kind === 'probabilities' && probabilities.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
    expect(filters?.kind === 'filters' && filters.layers[0].shape).toEqual({ outChannels: 8, inChannels: 1, kernelSize: 3 })
    expect(activations?.kind === 'activations' && activations.layers[0].shape).toEqual({ height: 8, width: 8, channels: 8 })
    expect(saliency?.kind === 'saliency' && saliency.map.length).toBe(64)
    const cam = gradCamResult?.kind === 'gradCam' ? gradCamResult : null
    expect(cam?.map.length).toBe(64)
    expect(Math.max(...cam!.map)).toBeLessThanOrEqual(1)

    session.handle({ type: 'inspect', requestId: 99, request: { kind: 'saliency', image, classIndex: 7 } })
    const refused = await waitFor(events, (event) => event.type === 'error' && event.requestId === 99)
    expect(refused.type === 'error' && refused.error.message).toBe('inspect: class 7 does not exist; the classes are 0 to 1')
    session.handle({ type: 'inspect', requestId: 100, request: { kind: 'probabilities', image: { ...image, index: 20 } } })
    const missing = await waitFor(events, (event) => event.type === 'error' && event.requestId === 100)
    expect(missing.type === 'error' && missing.error.message).toMatch(/the test split has 20 images, there is no image 20/)
  })
})
