import { EventEmitter } from 'node:events'
import { describe, expect, test } from 'vitest'
import { STUDIO_METHODS } from '../../../app/protocol/studioApi'
import type { StudioEvent } from '../../../app/protocol/studioApi'
import { TRAINER_PORT_MESSAGE } from '../../../app/protocol/studioBridge'
import { createStudioBridge, unwrapInvokeOutcome } from '../../../main/electron/preloadBridge'
import type { IpcRendererLike } from '../../../main/electron/preloadBridge'
import { FakePort } from './fakeElectron'

const KNOWN_METHODS = STUDIO_METHODS.map((method) => `"${method}"`).join(', ')

/** ipcRenderer's shape: an EventEmitter for main → preload messages, plus invoke and send. */
class FakeIpcRenderer extends EventEmitter {
  readonly invoked: [string, unknown][] = []
  readonly sent: string[] = []
  answer: unknown = { ok: true, result: 'result' }
  async invoke(channel: string, params: unknown): Promise<unknown> {
    this.invoked.push([channel, params])
    return this.answer
  }
  send(channel: string): void {
    this.sent.push(channel)
  }
  /** What main's webContents.postMessage(channel, null, ports) looks like to the preload. */
  deliver(channel: string, ports: FakePort[], ...args: unknown[]): void {
    this.emit(channel, { ports }, ...args)
  }
}

function setup() {
  const ipcRenderer = new FakeIpcRenderer()
  const posted: { message: string; ports: unknown[] }[] = []
  const bridge = createStudioBridge({
    ipcRenderer: ipcRenderer as unknown as IpcRendererLike,
    getPathForFile: (file) => {
      if (typeof file !== 'object' || file === null || !('fakePath' in file)) {
        throw new TypeError('Argument must be a File')
      }
      return (file as { fakePath: string }).fakePath
    },
    postToPage: (message, ports) => posted.push({ message, ports }),
  })
  return { bridge, ipcRenderer, posted }
}

describe('preload bridge', () => {
  test('exposes exactly the StudioBridge functions', () => {
    expect(Object.keys(setup().bridge).sort()).toEqual(['connectTrainer', 'invoke', 'onEvent', 'pathForFile'])
  })

  test('invoke passes an allow-listed method through and unwraps the result', async () => {
    const { bridge, ipcRenderer } = setup()
    await expect(bridge.invoke('app:info', {})).resolves.toBe('result')
    expect(ipcRenderer.invoked).toEqual([['app:info', {}]])
  })

  test.each(['trainer:connect', 'studio:event', 'fs:readFile', '', 42])(
    'invoke refuses %s before anything reaches ipcRenderer',
    async (method) => {
      const { bridge, ipcRenderer } = setup()
      await expect(bridge.invoke(method as string, {})).rejects.toThrow(
        `window.studio.invoke method: got ${JSON.stringify(method)}, expected one of ${KNOWN_METHODS}`,
      )
      expect(ipcRenderer.invoked).toEqual([])
    },
  )

  test('a failed call rejects with the error name and message from main', async () => {
    const { bridge, ipcRenderer } = setup()
    ipcRenderer.answer = { ok: false, error: { name: 'ValidationError', message: 'params.source: got 3', stack: 's' } }
    const error = await bridge.invoke('datasets:import', { source: 3 }).catch((caught: Error) => caught)
    expect(error).toBeInstanceOf(Error)
    expect({ name: (error as Error).name, message: (error as Error).message }).toEqual({
      name: 'ValidationError',
      message: 'params.source: got 3',
    })
  })

  test('an answer that is not an outcome is an error, not a result', () => {
    expect(() => unwrapInvokeOutcome('surprise', 'app:info')).toThrow(
      'the main process answered app:info with something that is not an invoke outcome',
    )
    expect(() => unwrapInvokeOutcome({ ok: false, error: 'x' }, 'app:info')).toThrow(/not an invoke outcome/)
  })

  test('onEvent forwards studio events and unsubscribes', () => {
    const { bridge, ipcRenderer } = setup()
    const received: StudioEvent[] = []
    const unsubscribe = bridge.onEvent((event) => received.push(event))
    const event: StudioEvent = { type: 'trainerExited', code: 1, signal: null, message: 'gone' }
    ipcRenderer.deliver('studio:event', [], event)
    unsubscribe()
    ipcRenderer.deliver('studio:event', [], event)
    expect(received).toEqual([event])
    expect(ipcRenderer.listenerCount('studio:event')).toBe(0)
  })

  test('connectTrainer asks main, and the port that comes back is posted to the page', () => {
    const { bridge, ipcRenderer, posted } = setup()
    bridge.connectTrainer()
    expect(ipcRenderer.sent).toEqual(['trainer:connect'])
    const port = new FakePort()
    ipcRenderer.deliver('trainer:port', [port])
    expect(posted).toEqual([{ message: TRAINER_PORT_MESSAGE, ports: [port] }])
    expect(port.isClosed).toBe(false)
  })

  test('a port nobody asked for is closed, not forwarded', () => {
    const { bridge, ipcRenderer, posted } = setup()
    const unasked = new FakePort()
    ipcRenderer.deliver('trainer:port', [unasked])
    bridge.connectTrainer()
    const asked = new FakePort()
    ipcRenderer.deliver('trainer:port', [asked])
    const extra = new FakePort()
    ipcRenderer.deliver('trainer:port', [extra])
    expect(posted).toEqual([{ message: TRAINER_PORT_MESSAGE, ports: [asked] }])
    expect([unasked.isClosed, asked.isClosed, extra.isClosed]).toEqual([true, false, true])
  })

  test('pathForFile uses webUtils and explains a wrong argument', () => {
    const { bridge } = setup()
    expect(bridge.pathForFile({ fakePath: '/home/u/cats' })).toBe('/home/u/cats')
    expect(() => bridge.pathForFile('not a file')).toThrow(
      'window.studio.pathForFile: expected a File from a drop or a file input (Argument must be a File)',
    )
  })
})
