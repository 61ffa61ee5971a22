// The messages between a TrainingPool and its threads (node:worker_threads, inside the trainer process only).
// The data itself never travels in them: it sits in the pool's SharedArrayBuffers (sharedBuffers.ts).

import type { SerializedError } from '../../app/protocol/errors'
import type { ShardResult, ShardTask } from './shardReplica'

/** Pool → thread: run one shard of a pass. (The replica's ReplicaInit arrives as workerData.) */
export type ThreadRequest = Readonly<{ type: 'run'; task: ShardTask }>

/** Thread → pool, once after start ('ready' or 'error') and once per request ('done' or 'error'). */
export type ThreadReply = Readonly<
  | { type: 'ready' }
  | { type: 'done'; result: ShardResult }
  /** isAbort: the thread only stopped because another one failed; the pool reports the other's error. */
  | { type: 'error'; error: SerializedError; isAbort: boolean }
>
