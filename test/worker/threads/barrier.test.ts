import type { Worker } from 'node:worker_threads'
import { describe, expect, test } from 'vitest'
import { CONTROL, SCRATCH_SLOT } from '../../../worker/threads/sharedBuffers'
import { bundleThreadSource, startThread } from '../../../worker/threads/threadScript'
import { contribution } from './fixtures/barrierPattern'
import type { BarrierThreadData } from './fixtures/barrierPattern'

type Reply = { type: 'done'; results: Float64Array[] } | { type: 'error'; name: string; message: string }

const script = bundleThreadSource(new URL('./fixtures/barrierThread.ts', import.meta.url))

/** Starts `participants` barrier threads on one control/scratch pair and collects one reply from each. */
async function runThreads(
  participants: number,
  options: { length: number; rounds: number; failing?: { thread: number; round: number } },
): Promise<Reply[]> {
  const control = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT)
  const scratch = new SharedArrayBuffer(participants * SCRATCH_SLOT * Float64Array.BYTES_PER_ELEMENT)
  const workers: Worker[] = []
  try {
    const replies = Array.from({ length: participants }, (_, threadIndex) => {
      const data: BarrierThreadData = {
        control,
        scratch,
        threadIndex,
        participants,
        length: options.length,
        rounds: options.rounds,
        failAtRound: options.failing?.thread === threadIndex ? options.failing.round : null,
      }
      return script.then((loaded) => {
        const worker = startThread(loaded, data)
        workers.push(worker)
        return new Promise<Reply>((resolve, reject) => {
          worker.once('message', resolve)
          worker.once('error', reject)
        })
      })
    })
    return await Promise.all(replies)
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
    if (!options.failing) {
      expect(new Int32Array(control)[CONTROL.arrived]).toBe(0) // the last round left the counter reset
    }
  }
}

/** Σ over threads 0..P−1 in that order: the one order every thread must use. */
function expectedSum(participants: number, i: number, round: number): number {
  let sum = 0
  for (let t = 0; t < participants; t++) {
    sum += contribution(t, i, round)
  }
  return sum
}

describe('ShardBarrier.allReduceSum', () => {
  test('every thread gets the same sums, in thread order, over rounds and scratch slots', async () => {
    const participants = 4
    const length = SCRATCH_SLOT + 123 // two rounds of the scratch slot per call
    const rounds = 6
    const replies = await runThreads(participants, { length, rounds })
    for (const reply of replies) {
      expect(reply.type).toBe('done')
      if (reply.type !== 'done') {
        continue
      }
      for (let round = 0; round < rounds; round++) {
        const expected = Float64Array.from({ length }, (_, i) => expectedSum(participants, i, round))
        const differing = reply.results[round].findIndex((value, i) => value !== expected[i])
        expect(differing, `round ${round}, first differing element`).toBe(-1)
      }
    }
  })

  test('a failing thread releases the waiting ones with BarrierAbortedError instead of a hang', async () => {
    const replies = await runThreads(3, { length: 16, rounds: 5, failing: { thread: 2, round: 3 } })
    expect(replies[2]).toEqual({ type: 'error', name: 'Error', message: 'thread 2 failed on purpose' })
    for (const reply of replies.slice(0, 2)) {
      expect(reply).toMatchObject({ type: 'error', name: 'BarrierAbortedError' })
    }
  })
})
