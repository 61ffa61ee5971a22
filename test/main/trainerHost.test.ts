import { describe, expect, test } from 'vitest'
import type { TrainerEvent } from '../../app/protocol/trainerProtocol'
import { TRAINER_PROTOCOL_VERSION } from '../../app/protocol/trainerProtocol'
import { TrainerHost } from '../../main/trainerHost'
import type { TrainerChild } from '../../main/trainerHost'

class FakeChild implements TrainerChild {
  sent: unknown[] = []
  isKilled = false
  private messageListener: (message: unknown) => void = () => {}
  private exitListener: (code: number | null, signal: string | null) => void = () => {}
  postMessage(message: unknown): void {
    this.sent.push(message)
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListener = listener
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListener = listener
  }
  kill(): void {
    this.isKilled = true
  }
  emit(message: unknown): void {
    this.messageListener(message)
  }
  exit(code: number | null, signal: string | null): void {
    this.exitListener(code, signal)
  }
}

function setup() {
  const children: FakeChild[] = []
  const host = new TrainerHost(() => {
    const child = new FakeChild()
    children.push(child)
    return child
  })
  const events: TrainerEvent[] = []
  const exits: [number | null, string | null][] = []
  host.onEvent((event) => events.push(event))
  host.onExit((code, signal) => exits.push([code, signal]))
  return { host, children, events, exits }
}

describe('TrainerHost', () => {
  test('starts the trainer on the first command and passes validated events on', () => {
    const { host, children, events } = setup()
    host.send({ type: 'status' })
    expect(children).toHaveLength(1)
    expect(children[0].sent).toEqual([{ type: 'status' }])
    children[0].emit({ type: 'ready', protocolVersion: TRAINER_PROTOCOL_VERSION, threads: 1 })
    children[0].emit({ type: 'state', state: 'idle', runId: null })
    expect(events.map((event) => event.type)).toEqual(['ready', 'state'])
  })

  test('refuses a trainer of another protocol version with advice', () => {
    const { host, children, events } = setup()
    host.ensureStarted()
    children[0].emit({ type: 'ready', protocolVersion: TRAINER_PROTOCOL_VERSION + 1, threads: 1 })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ type: 'error', command: null })
    expect(events[0].type === 'error' && events[0].error.message).toMatch(/speaks protocol 2, this host 1; reinstall/)
  })

  test('a malformed event becomes an error event instead of reaching listeners', () => {
    const { host, children, events } = setup()
    host.ensureStarted()
    children[0].emit({ type: 'ready', protocolVersion: TRAINER_PROTOCOL_VERSION, threads: 1 })
    children[0].emit({ type: 'step', epoch: 'one' })
    expect(events[1]).toMatchObject({ type: 'error' })
    expect(events[1].type === 'error' && events[1].error.message).toMatch(/trainer event.epoch: got "one"/)
  })

  test('reports an unexpected exit and starts a fresh trainer on the next command', () => {
    const { host, children, exits } = setup()
    host.send({ type: 'status' })
    children[0].exit(null, 'SIGKILL')
    expect(exits).toEqual([[null, 'SIGKILL']])
    host.send({ type: 'status' })
    expect(children).toHaveLength(2)
  })

  test('dispose kills the trainer and does not report that exit', () => {
    const { host, children, exits } = setup()
    host.ensureStarted()
    host.dispose()
    expect(children[0].isKilled).toBe(true)
    children[0].exit(0, null)
    expect(exits).toEqual([])
    expect(() => host.send({ type: 'status' })).toThrow(/shut down/)
  })
})
