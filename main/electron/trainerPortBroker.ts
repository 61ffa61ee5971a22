// Connects the page straight to the trainer process: a fresh channel, one end to the trainer (which treats
// it as another client), the other to the page. Main only brokers; step and epoch events then flow
// trainer → page without passing through the main process. Electron objects are injected.

/** The message the trainer process (worker/trainerProcess.ts) recognises as "adopt this port". */
export const CONNECT_PORT_MESSAGE = Object.freeze({ type: 'connectPort' })

export type ClosablePort = { close(): void }

export type TrainerPortBrokerDeps<Port extends ClosablePort> = Readonly<{
  /** new MessageChannelMain() */
  createChannel(): { port1: Port; port2: Port }
  /** TrainerHost.ensureStarted(): the running trainer, started on demand (first use or after a crash). */
  startTrainer(): { postMessage(message: unknown, transfer?: unknown[]): void }
  /** webContents.postMessage(TRAINER_PORT_CHANNEL, null, [port]) */
  deliverToPage(port: Port): void
}>

/** Brokers one connection; throws (with both ends closed) when either side cannot take its port. */
export function brokerTrainerPort<Port extends ClosablePort>(deps: TrainerPortBrokerDeps<Port>): void {
  const { port1, port2 } = deps.createChannel()
  try {
    deps.startTrainer().postMessage(CONNECT_PORT_MESSAGE, [port1])
  } catch (error) {
    port1.close()
    port2.close()
    throw new Error(`connecting to the trainer: ${(error as Error).message}`, { cause: error })
  }
  try {
    deps.deliverToPage(port2)
  } catch (error) {
    // port1 now belongs to the trainer; closing our end tells it this client is gone.
    port2.close()
    throw new Error(`handing the trainer port to the window: ${(error as Error).message}`, { cause: error })
  }
}
