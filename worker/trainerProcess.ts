// Entry of the trainer process. Starts under either parent: Electron's utilityProcess (process.parentPort,
// plus MessagePorts that connect renderers directly) or Node's child_process.fork with
// serialization 'advanced' (process.send / process.on('message')). All logic is in TrainerSession.
// Usage: trainerProcess.js [--project DIR]   (DIR holds datasets/<id>/dataset.cnnds caches)

import type { TrainerEvent } from '../app/protocol/trainerProtocol'
import { loadDataset } from './dataLoader'
import { defaultThreadCount } from './threads/trainingPool'
import { TrainerSession } from './trainerSession'

type Client = { post(event: TrainerEvent): void }

/** Electron's parentPort, typed here because process.parentPort is absent under Node. */
type ElectronParentPort = {
  on(event: 'message', listener: (message: { data: unknown; ports: ElectronMessagePort[] }) => void): void
  postMessage(message: unknown): void
}
type ElectronMessagePort = {
  on(event: 'message', listener: (message: { data: unknown }) => void): void
  on(event: 'close', listener: () => void): void
  postMessage(message: unknown): void
  start(): void
}

function projectDirFromArgs(args: readonly string[]): string | null {
  const index = args.indexOf('--project')
  return index >= 0 && args[index + 1] ? args[index + 1] : null
}

const projectDir = projectDirFromArgs(process.argv.slice(2))
const clients = new Set<Client>()
/** The parent (Electron main, CLI or serve host): the only receiver of checkpoint bytes. */
let host: Client | null = null

function broadcast(event: TrainerEvent): void {
  for (const client of clients) {
    client.post(event)
  }
}

const session = new TrainerSession({
  send: broadcast,
  sendToHost: (event) => host?.post(event),
  loadDataset: (source) => loadDataset(source, projectDir),
  yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
  defaultThreads: defaultThreadCount(),
})

function isConnectPortMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'connectPort'
}

const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
if (parentPort) {
  const parentClient: Client = { post: (event) => parentPort.postMessage(event) }
  clients.add(parentClient)
  host = parentClient
  parentPort.on('message', ({ data, ports }) => {
    if (isConnectPortMessage(data) && ports.length === 1) {
      const port = ports[0]
      const client: Client = { post: (event) => port.postMessage(event) }
      clients.add(client)
      port.on('message', ({ data: portData }) => session.handle(portData))
      port.on('close', () => clients.delete(client))
      port.start()
      port.postMessage(session.ready())
      return
    }
    session.handle(data)
  })
  parentPort.postMessage(session.ready())
} else if (process.send) {
  const send = process.send.bind(process)
  host = { post: (event) => send(event) }
  clients.add(host)
  process.on('message', (message) => session.handle(message))
  // The parent going away (closed IPC channel) ends the trainer rather than leaving an orphan.
  process.on('disconnect', () => process.exit(0))
  send(session.ready())
} else {
  console.error('trainerProcess: start me with child_process.fork or Electron utilityProcess.fork')
  process.exit(2)
}
