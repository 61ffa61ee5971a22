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

const hyperparameters: Hyperparameters = { epochs: 2, batchSize: 8, learningRate: 0.05, momentum: 0.9, seed: 3 }
const spec = presetSpec('tiny', { height: 8, width: 8, channels: 1 }, 2)
const data = { kind: 'sample', name: 'shapes' } as const

function makeSession(onEvent: (event: TrainerEvent, session: TrainerSession) => void = () => {}) {
  const events: TrainerEvent[] = []
  const session: TrainerSession = new TrainerSession({
    send: (event) => {
      events.push(event)
      onEvent(event, session)
    },
    loadDataset: async () => leftRightDataset(200),
    yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
  })
  return { session, events }
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
    expect(session.ready()).toEqual({ type: 'ready', protocolVersion: TRAINER_PROTOCOL_VERSION, threads: 1 })
  })

  test('a run reports state, steps, epochs and a summary, and learns the easy problem', async () => {
    const { session, events } = makeSession()
    session.handle({ type: 'start', runId: 'r1', spec, data, hyperparameters })
    const summary = await waitFor(events, (event) => event.type === 'summary')
    expect(types(events).slice(0, 2)).toEqual(['state', 'runStarted'])
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
    await waitFor(events, (event) => event.type === 'state' && event.state === 'failed')
  })
})
