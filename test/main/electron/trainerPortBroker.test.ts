import { describe, expect, test } from 'vitest'
import { brokerTrainerPort, CONNECT_PORT_MESSAGE } from '../../../main/electron/trainerPortBroker'
import { FakePort } from './fakeElectron'

function setup(options: { trainerFails?: boolean; pageFails?: boolean } = {}) {
  const port1 = new FakePort()
  const port2 = new FakePort()
  const toTrainer: { message: unknown; transfer: unknown[] | undefined }[] = []
  const toPage: FakePort[] = []
  const deps = {
    createChannel: () => ({ port1, port2 }),
    startTrainer: () => {
      if (options.trainerFails) {
        throw new Error('the trainer host was shut down')
      }
      return { postMessage: (message: unknown, transfer?: unknown[]) => toTrainer.push({ message, transfer }) }
    },
    deliverToPage: (port: FakePort) => {
      if (options.pageFails) {
        throw new Error('Render frame was disposed')
      }
      toPage.push(port)
    },
  }
  return { port1, port2, toTrainer, toPage, deps }
}

describe('brokerTrainerPort', () => {
  test('one end goes to the trainer with connectPort, the other to the page', () => {
    const { port1, port2, toTrainer, toPage, deps } = setup()
    brokerTrainerPort(deps)
    expect(toTrainer).toEqual([{ message: { type: 'connectPort' }, transfer: [port1] }])
    expect(toTrainer[0].transfer?.[0]).toBe(port1)
    expect(toPage).toEqual([port2])
    expect(toPage[0]).toBe(port2)
    expect([port1.isClosed, port2.isClosed]).toEqual([false, false])
  })

  test('the connect message matches what the trainer process checks for', () => {
    expect(CONNECT_PORT_MESSAGE).toEqual({ type: 'connectPort' })
    expect(Object.isFrozen(CONNECT_PORT_MESSAGE)).toBe(true)
  })

  test('when the trainer cannot start, both ends are closed and the error says so', () => {
    const { port1, port2, toPage, deps } = setup({ trainerFails: true })
    expect(() => brokerTrainerPort(deps)).toThrow('connecting to the trainer: the trainer host was shut down')
    expect([port1.isClosed, port2.isClosed]).toEqual([true, true])
    expect(toPage).toEqual([])
  })

  test('when the page cannot take its end, our end is closed so the trainer drops the client', () => {
    const { port1, port2, toTrainer, deps } = setup({ pageFails: true })
    expect(() => brokerTrainerPort(deps)).toThrow('handing the trainer port to the window: Render frame was disposed')
    expect(toTrainer).toHaveLength(1)
    expect([port1.isClosed, port2.isClosed]).toEqual([false, true])
  })
})
