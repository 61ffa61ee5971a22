import { describe, expect, test } from 'vitest'
import type { TrainerEvent } from '../../../app/protocol/trainerProtocol'
import { TRAINER_PROTOCOL_VERSION } from '../../../app/protocol/trainerProtocol'
import { TRAINER_SERVICE_NAME, utilityTrainerFork } from '../../../main/electron/utilityTrainerFork'
import type { ForkUtilityProcess } from '../../../main/electron/utilityTrainerFork'
import { TrainerHost } from '../../../main/trainerHost'
import { FakeUtilityProcess } from './fakeElectron'

function setup() {
  const forks: { modulePath: string; args: string[]; options: unknown; child: FakeUtilityProcess }[] = []
  const forkUtility: ForkUtilityProcess = (modulePath, args, options) => {
    const child = new FakeUtilityProcess()
    forks.push({ modulePath, args, options, child })
    return child as unknown as ReturnType<ForkUtilityProcess>
  }
  const fork = utilityTrainerFork(forkUtility, '/app/out/main/trainerProcess.js', '/home/u/projects/default')
  return { fork, forks }
}

describe('utilityTrainerFork', () => {
  test('forks the trainer script with the project folder and a service name', () => {
    const { fork, forks } = setup()
    fork()
    expect(forks.map(({ modulePath, args, options }) => ({ modulePath, args, options }))).toEqual([
      {
        modulePath: '/app/out/main/trainerProcess.js',
        args: ['--project', '/home/u/projects/default'],
        options: { serviceName: TRAINER_SERVICE_NAME },
      },
    ])
  })

  test('messages, transfers, exit and kill map onto the TrainerChild shape', () => {
    const { fork, forks } = setup()
    const child = fork()
    const received: unknown[] = []
    const exits: [number | null, string | null][] = []
    child.onMessage((message) => received.push(message))
    child.onExit((code, signal) => exits.push([code, signal]))
    const port = { close() {} }
    child.postMessage({ type: 'connectPort' }, [port])
    const utility = forks[0].child
    utility.emit('message', { type: 'state' })
    utility.emit('exit', 3)
    child.kill()
    expect(utility.posted).toEqual([{ message: { type: 'connectPort' }, transfer: [port] }])
    expect(received).toEqual([{ type: 'state' }])
    expect(exits).toEqual([[3, null]])
    expect(utility.killCount).toBe(1)
  })

  test('messages to a process that has exited are dropped instead of throwing', () => {
    const { fork, forks } = setup()
    const child = fork()
    forks[0].child.emit('exit', 0)
    child.postMessage({ type: 'status' })
    expect(forks[0].child.posted).toEqual([])
  })

  test('fits TrainerHost: handshake passes, a crash is reported and the next use forks a new process', () => {
    const { fork, forks } = setup()
    const host = new TrainerHost(fork)
    const events: TrainerEvent[] = []
    const exits: [number | null, string | null][] = []
    host.onEvent((event) => events.push(event))
    host.onExit((code, signal) => exits.push([code, signal]))
    host.send({ type: 'status' })
    const first = forks[0].child
    first.emit('message', { type: 'ready', protocolVersion: TRAINER_PROTOCOL_VERSION, threads: 2 })
    first.emit('exit', 134)
    host.ensureStarted()
    expect(events).toEqual([{ type: 'ready', protocolVersion: TRAINER_PROTOCOL_VERSION, threads: 2 }])
    expect(first.posted).toEqual([{ message: { type: 'status' }, transfer: undefined }])
    expect(exits).toEqual([[134, null]])
    expect(forks).toHaveLength(2)
    host.dispose()
    expect(forks[1].child.killCount).toBe(1)
  })
})
