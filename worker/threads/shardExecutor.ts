// Runs one pass's shard tasks and collects their results, either on node:worker_threads (one replica per
// thread) or, for a pool of one, on the calling thread with the very same ShardReplica code. Turns a thread's
// failure, uncaught error or unexpected exit into a rejected Error with that thread's message, never a hang.
// Not here: what the tasks are or what happens to the gradients (trainingPool.ts).

import type { Worker } from 'node:worker_threads'
import { deserializeError, serializeError } from '../../app/protocol/errors'
import { abortBarrier, resetBarrier } from './barrier'
import { ShardReplica } from './shardReplica'
import type { ReplicaInit, ShardResult, ShardTask } from './shardReplica'
import type { ThreadReply, ThreadRequest } from './threadMessages'
import { startThread } from './threadScript'
import type { ThreadScript } from './threadScript'

export interface ShardExecutor {
  /**
   * tasks[t] runs on thread t; resolves with results in the same order once every task has finished. One pass
   * at a time (the pool makes sure): the tasks share the pool's one batch buffer.
   */
  run(tasks: readonly ShardTask[]): Promise<ShardResult[]>
  /** Threads started and not yet exited (0 for the calling-thread executor). */
  liveThreadCount(): number
  dispose(): Promise<void>
}

/** A pool of one: the replica runs on the calling thread, synchronously, through the same ShardReplica. */
export class InlineExecutor implements ShardExecutor {
  private readonly replica: ShardReplica

  constructor(init: ReplicaInit) {
    this.replica = new ShardReplica(init)
  }

  async run(tasks: readonly ShardTask[]): Promise<ShardResult[]> {
    return tasks.map((task) => this.replica.run(task))
  }

  liveThreadCount(): number {
    return 0
  }

  async dispose(): Promise<void> {}
}

type ThreadSlot = { worker: Worker; isAlive: boolean; waiter: ((reply: ThreadReply) => void) | null }

export class ThreadExecutor implements ShardExecutor {
  private failure: Error | null = null
  private isDisposing = false

  private constructor(
    private readonly slots: readonly ThreadSlot[],
    private readonly control: Int32Array,
  ) {
    slots.forEach((slot, index) => this.watch(slot, index))
  }

  /** Starts one thread per init and resolves once all have built their replica; any failure stops them all. */
  static async start(
    script: ThreadScript,
    inits: readonly ReplicaInit[],
    control: Int32Array,
  ): Promise<ThreadExecutor> {
    const slots = inits.map((init) => ({ worker: startThread(script, init), isAlive: true, waiter: null }))
    const executor = new ThreadExecutor(slots, control)
    try {
      await executor.collect(slots.length)
    } catch (error) {
      await executor.dispose()
      throw error
    }
    return executor
  }

  async run(tasks: readonly ShardTask[]): Promise<ShardResult[]> {
    if (this.failure) {
      throw new Error(`TrainingPool: a training thread failed earlier (${this.failure.message})`)
    }
    try {
      const replies = this.collect(tasks.length)
      tasks.forEach((task, index) => {
        this.slots[index].worker.postMessage({ type: 'run', task } satisfies ThreadRequest)
      })
      return await replies
    } finally {
      resetBarrier(this.control) // every thread has replied: none is inside the barrier any more
    }
  }

  liveThreadCount(): number {
    return this.slots.filter((slot) => slot.isAlive).length
  }

  async dispose(): Promise<void> {
    this.isDisposing = true
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()))
  }

  /** Waits for one reply from each of threads 0..count−1; rejects with the first real (not abort) error. */
  private async collect(count: number): Promise<ShardResult[]> {
    const waiting = this.slots.slice(0, count).map(
      (slot) => new Promise<ThreadReply>((resolve) => (slot.waiter = resolve)),
    )
    const replies = await Promise.all(waiting)
    const errors = replies.flatMap((reply, index) => (reply.type === 'error' ? [{ reply, index }] : []))
    if (errors.length > 0) {
      const { reply, index } = errors.find((error) => !error.reply.isAbort) ?? errors[0]
      throw deserializeError(reply.error, `training thread ${index}`)
    }
    return replies.map((reply) => (reply.type === 'done' ? reply.result : { loss: 0, correct: 0 }))
  }

  private watch(slot: ThreadSlot, index: number): void {
    const deliver = (reply: ThreadReply): void => {
      const waiter = slot.waiter
      slot.waiter = null
      waiter?.(reply)
    }
    const fail = (error: Error): void => {
      const reported = this.isDisposing ? new Error('the pool was disposed during the pass') : error
      if (!this.isDisposing) {
        this.failure ??= error
      }
      abortBarrier(this.control) // threads waiting for this one would otherwise wait forever
      deliver({ type: 'error', error: serializeError(reported), isAbort: false })
    }
    slot.worker.on('message', (reply: ThreadReply) => deliver(reply))
    slot.worker.on('error', (error) => fail(error))
    slot.worker.on('messageerror', (error) => fail(error))
    slot.worker.on('exit', (code) => {
      slot.isAlive = false
      fail(new Error(`the thread stopped unexpectedly (exit code ${code})`))
    })
  }
}
