import { describe, expect, test } from 'vitest'
import { ValidationError } from '../../../app/protocol/errors'
import { STUDIO_METHODS } from '../../../app/protocol/studioApi'
import { SHELL_CHANNELS } from '../../../main/electron/ipcChannels'
import { createStudioIpcRouter, senderRejection } from '../../../main/electron/ipcRouter'
import type { IpcSenderEvent, SenderPolicy } from '../../../main/electron/ipcRouter'

const OUR_CONTENTS_ID = 7
const OUR_PAGE = 'cnn-studio://app/index.html'
const KNOWN_METHODS = STUDIO_METHODS.map((method) => `"${method}"`).join(', ')
const policy: SenderPolicy = {
  trustedContentsId: () => OUR_CONTENTS_ID,
  isOwnPageUrl: (url) => url.startsWith('cnn-studio://app/'),
}

function sender(overrides: { id?: number; url?: string; parent?: unknown; hasFrame?: boolean } = {}): IpcSenderEvent {
  const { id = OUR_CONTENTS_ID, url = OUR_PAGE, parent = null, hasFrame = true } = overrides
  return { sender: { id }, senderFrame: hasFrame ? { url, parent } : null }
}

function setup(handle: (method: string, params: unknown) => Promise<unknown> = async () => 'answer') {
  const calls: [string, unknown][] = []
  const logged: string[] = []
  const router = createStudioIpcRouter({
    service: {
      handle: (method, params) => {
        calls.push([method, params])
        return handle(method, params)
      },
    },
    policy,
    log: (message) => logged.push(message),
  })
  return { router, calls, logged }
}

describe('senderRejection', () => {
  test('accepts our window main frame showing our page', () => {
    expect(senderRejection(sender(), policy)).toBeNull()
  })

  test.each([
    ['another web contents', sender({ id: 8 }), 'web contents 8 is not the CNN Studio window'],
    ['a subframe', sender({ parent: {}, url: OUR_PAGE }), `a subframe ("${OUR_PAGE}") may not use the studio API`],
    [
      'a foreign page',
      sender({ url: 'https://evil.example/' }),
      `the page "https://evil.example/" is not CNN Studio's own page`,
    ],
    ['a vanished frame', sender({ hasFrame: false }), 'the sending frame is gone (it navigated away or was destroyed)'],
  ])('refuses %s', (_label, event, reason) => {
    expect(senderRejection(event, policy)).toBe(reason)
  })

  test('refuses everyone while there is no window', () => {
    const noWindow: SenderPolicy = { ...policy, trustedContentsId: () => null }
    expect(senderRejection(sender(), noWindow)).toBe(`web contents ${OUR_CONTENTS_ID} is not the CNN Studio window`)
  })
})

describe('studio IPC router', () => {
  test('passes a valid call to the service and wraps the result', async () => {
    const { router, calls } = setup()
    const outcome = await router.invoke('datasets:sample', sender(), { name: 'shapes' })
    expect(outcome).toEqual({ ok: true, result: 'answer' })
    expect(calls).toEqual([['datasets:sample', { name: 'shapes' }]])
  })

  test('rejects an unknown channel with the list of known ones, without calling the service', async () => {
    const { router, calls } = setup()
    const outcome = await router.invoke('fs:deleteEverything', sender(), {})
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        name: 'ValidationError',
        message: `IPC channel: got "fs:deleteEverything", expected one of ${KNOWN_METHODS}`,
      },
    })
    expect(calls).toEqual([])
  })

  test('rejects a foreign sender with a clear message and logs it', async () => {
    const { router, calls, logged } = setup()
    const outcome = await router.invoke('app:info', sender({ url: 'https://evil.example/' }), {})
    const message = `IPC 'app:info' refused: the page "https://evil.example/" is not CNN Studio's own page`
    expect(outcome).toMatchObject({ ok: false, error: { name: 'ForbiddenSenderError', message } })
    expect(logged).toEqual([message])
    expect(calls).toEqual([])
  })

  test.each([undefined, null, 'shapes', ['shapes'], 3])(
    'rejects parameters that are not an object: %s',
    async (params) => {
      const { router, calls } = setup()
      const outcome = await router.invoke('datasets:sample', sender(), params)
      expect(outcome).toMatchObject({ ok: false, error: { name: 'ValidationError' } })
      expect((outcome as { error: { message: string } }).error.message).toMatch(
        /^datasets:sample params: got .*, expected an object$/,
      )
      expect(calls).toEqual([])
    },
  )

  test('serialises what the service throws as { name, message, stack }', async () => {
    const thrown = new ValidationError('datasets:import params.source.path: got "x", expected an absolute folder or .csv path')
    const { router } = setup(async () => {
      throw thrown
    })
    const outcome = await router.invoke('datasets:import', sender(), {
      importId: 'i1',
      source: { kind: 'path', path: 'x' },
    })
    expect(outcome).toEqual({
      ok: false,
      error: { name: 'ValidationError', message: thrown.message, stack: thrown.stack },
    })
    expect((outcome as { error: { stack: string } }).error.stack).toContain('ipcRouter.test.ts')
  })

  test('acceptsMessage applies the same sender check to plain messages', () => {
    const { router, logged } = setup()
    expect(router.acceptsMessage('trainer:connect', sender())).toBe(true)
    expect(router.acceptsMessage('trainer:connect', sender({ id: 99 }))).toBe(false)
    expect(logged).toEqual([`IPC 'trainer:connect' refused: web contents 99 is not the CNN Studio window`])
  })

  test('no studio method shares a name with a shell channel', () => {
    expect(STUDIO_METHODS.filter((method) => SHELL_CHANNELS.includes(method))).toEqual([])
  })
})
