import { describe, expect, test } from 'vitest'
import type { StudioEvent } from '../../../app/protocol/studioApi'
import { TRAINER_PORT_MESSAGE } from '../../../app/protocol/studioBridge'
import type { StudioBridge } from '../../../app/protocol/studioBridge'
import { createElectronClient } from '../../../renderer/api/electronClient'
import type { MessageWindow, PortLike } from '../../../renderer/api/electronClient'
import { APP_INFO } from '../fixtures'

class FakePort implements PortLike {
  onmessage: ((event: MessageEvent) => void) | null = null
  posted: unknown[] = []
  isClosed = false
  postMessage(message: unknown): void {
    this.posted.push(message)
  }
  close(): void {
    this.isClosed = true
  }
  deliver(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent)
  }
}

function setup(invoke: (method: string, params: unknown) => Promise<unknown> = async () => APP_INFO) {
  const windowListeners: ((event: MessageEvent) => void)[] = []
  const target: MessageWindow = { addEventListener: (_type, listener) => windowListeners.push(listener) }
  const hostListeners: ((event: StudioEvent) => void)[] = []
  let connectCalls = 0
  const bridge: StudioBridge<File> = {
    invoke,
    onEvent: (listener) => {
      hostListeners.push(listener)
      return () => undefined
    },
    connectTrainer: () => {
      connectCalls++
    },
    pathForFile: (file) => `/dropped/${file.name}`,
  }
  const client = createElectronClient(bridge, target)
  const events: StudioEvent[] = []
  const problems: string[] = []
  client.subscribe((event) => events.push(event))
  client.subscribeProblems((problem) => problems.push(problem.message))
  return {
    client,
    events,
    problems,
    connectCalls: () => connectCalls,
    postToWindow: (source: unknown, data: unknown, ports: PortLike[]) =>
      windowListeners.forEach((listener) => listener({ source, data, ports } as unknown as MessageEvent)),
    target,
    hostEvent: (event: unknown) => hostListeners.forEach((listener) => listener(event as StudioEvent)),
  }
}

describe('electron client', () => {
  test('asks for the trainer port and queues commands until it arrives', () => {
    const harness = setup()
    expect(harness.connectCalls()).toBe(1)
    harness.client.sendTrainer({ type: 'status' })
    harness.client.sendTrainer({ type: 'pause' })
    const port = new FakePort()
    harness.postToWindow(harness.target, TRAINER_PORT_MESSAGE, [port])
    harness.client.sendTrainer({ type: 'resume' })
    expect(port.posted).toEqual([{ type: 'status' }, { type: 'pause' }, { type: 'resume' }])
  })

  test('ignores window messages from elsewhere or without the tag', () => {
    const harness = setup()
    const stranger = new FakePort()
    harness.postToWindow({}, TRAINER_PORT_MESSAGE, [stranger])
    harness.postToWindow(harness.target, 'something else', [stranger])
    harness.client.sendTrainer({ type: 'stop' })
    expect(stranger.posted).toEqual([])
    expect(stranger.onmessage).toBeNull()
  })

  test('delivers checked trainer events and reports unreadable ones', () => {
    const harness = setup()
    const port = new FakePort()
    harness.postToWindow(harness.target, TRAINER_PORT_MESSAGE, [port])
    port.deliver({ type: 'state', state: 'paused', runId: 'run-1' })
    port.deliver({ type: 'step', runId: 'run-1' })
    expect(harness.events).toEqual([
      { type: 'trainer', event: { type: 'state', state: 'paused', runId: 'run-1' } },
    ])
    expect(harness.problems).toEqual([
      expect.stringMatching(/^the trainer sent an unreadable message: trainer event\.epoch/),
    ])
  })

  test('after the trainer exits, drops the dead port, asks for a new one and queues meanwhile', () => {
    const harness = setup()
    const first = new FakePort()
    harness.postToWindow(harness.target, TRAINER_PORT_MESSAGE, [first])
    const exited = { type: 'trainerExited', code: 1, signal: null, message: 'crashed' }
    harness.hostEvent(exited)
    expect(harness.events).toEqual([exited])
    expect(first.isClosed).toBe(true)
    expect(harness.connectCalls()).toBe(2)
    harness.client.sendTrainer({ type: 'status' })
    const second = new FakePort()
    harness.postToWindow(harness.target, TRAINER_PORT_MESSAGE, [second])
    expect(first.posted).toEqual([])
    expect(second.posted).toEqual([{ type: 'status' }])
  })

  test("checks results and strips Electron's remote-method wrapper from errors", async () => {
    const harness = setup(async (method) => {
      if (method === 'datasets:import') {
        throw new Error("Error invoking remote method 'datasets:import': Error: no class folders in /x")
      }
      return { ...APP_INFO, version: 7 }
    })
    await expect(
      harness.client.invoke('datasets:import', { importId: 'i-1', source: { kind: 'path', path: '/x' } }),
    ).rejects.toThrow(
      /^datasets:import: no class folders in \/x$/,
    )
    await expect(harness.client.invoke('app:info', {})).rejects.toThrow(
      /^app:info: app:info result\.version: got 7/,
    )
  })

  test('reports a malformed host event instead of passing it on', () => {
    const harness = setup()
    harness.hostEvent({ type: 'trainerExited', code: 'one' })
    expect(harness.events).toEqual([])
    expect(harness.problems).toEqual([expect.stringMatching(/event\.code: got "one"/)])
  })

  test("gives the dropped file's path through the bridge", () => {
    const harness = setup()
    expect(harness.client.pathForFile({ name: 'plants' } as File)).toBe('/dropped/plants')
    expect(harness.client.connection).toEqual({ state: 'connected' })
  })
})
