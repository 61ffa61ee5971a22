// Entry of one training thread, a bundle input of its own (out/node/trainingThread.js, out/main/...). It
// builds a ShardReplica from workerData, says 'ready', then runs each requested shard and replies. A failure
// aborts the barrier first, so threads waiting for this one fail too instead of hanging.

import { parentPort, workerData } from 'node:worker_threads'
import { serializeError } from '../../app/protocol/errors'
import { BarrierAbortedError } from './barrier'
import { ShardReplica } from './shardReplica'
import type { ReplicaInit } from './shardReplica'
import type { ThreadReply, ThreadRequest } from './threadMessages'

function reply(message: ThreadReply): void {
  parentPort?.postMessage(message)
}

function replyError(error: unknown): void {
  reply({ type: 'error', error: serializeError(error), isAbort: error instanceof BarrierAbortedError })
}

function start(): void {
  if (!parentPort) {
    throw new Error('trainingThread: must run in a worker thread started by TrainingPool')
  }
  let replica: ShardReplica
  try {
    replica = new ShardReplica(workerData as ReplicaInit)
  } catch (error) {
    replyError(error)
    return
  }
  parentPort.on('message', (request: ThreadRequest) => {
    try {
      reply({ type: 'done', result: replica.run(request.task) })
    } catch (error) {
      replica.abort()
      replyError(error)
    }
  })
  reply({ type: 'ready' })
}

start()
