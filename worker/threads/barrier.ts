// The one place the threads of a pool wait for each other inside a step: a generation barrier on shared control
// words (Atomics.wait/notify) and, on top of it, the deterministic all-reduce that batch norm needs for
// whole-batch statistics. Every thread writes its partial sums to its own scratch slot, then every thread sums
// all slots in thread order 0..P−1, so all shards get bit-identical totals and a repeated run the same ones.
// An abort flag turns a thread's failure into an error in every waiting thread instead of a hang.

import { CONTROL, SCRATCH_SLOT } from './sharedBuffers'

/** Thrown in a thread that was waiting when another one failed; the pool reports the other thread's error. */
export class BarrierAbortedError extends Error {
  override name = 'BarrierAbortedError'
}

export class ShardBarrier {
  constructor(
    private readonly control: Int32Array,
    private readonly scratch: Float64Array,
    private readonly threadIndex: number,
  ) {}

  /** Returns once threads 0..participants−1 have all called wait; throws BarrierAbortedError on an abort. */
  wait(participants: number): void {
    if (participants === 1) {
      return
    }
    const control = this.control
    // Read the generation before checking the flag: an abort after this read changes the generation, so the
    // wait below cannot sleep through it; an abort before it has already set the flag.
    const generation = Atomics.load(control, CONTROL.generation)
    this.throwIfAborted()
    if (Atomics.add(control, CONTROL.arrived, 1) + 1 === participants) {
      Atomics.store(control, CONTROL.arrived, 0) // before the release, so the next round counts from zero
      Atomics.add(control, CONTROL.generation, 1)
      Atomics.notify(control, CONTROL.generation)
    } else {
      while (Atomics.load(control, CONTROL.generation) === generation) {
        Atomics.wait(control, CONTROL.generation, generation)
      }
    }
    this.throwIfAborted()
  }

  /** Sums `values` element-wise over threads 0..participants−1, in that order, in place (ForwardContext). */
  allReduceSum(values: Float64Array, participants: number): void {
    if (participants === 1) {
      return
    }
    const { scratch, threadIndex } = this
    for (let start = 0; start < values.length; start += SCRATCH_SLOT) {
      const length = Math.min(SCRATCH_SLOT, values.length - start)
      scratch.set(values.subarray(start, start + length), threadIndex * SCRATCH_SLOT)
      this.wait(participants)
      for (let i = 0; i < length; i++) {
        let sum = 0
        for (let t = 0; t < participants; t++) {
          sum += scratch[t * SCRATCH_SLOT + i]
        }
        values[start + i] = sum
      }
      this.wait(participants) // every thread has read every slot before any slot is refilled
    }
  }

  private throwIfAborted(): void {
    if (Atomics.load(this.control, CONTROL.aborted) !== 0) {
      throw new BarrierAbortedError(`thread ${this.threadIndex} stopped waiting: another thread failed`)
    }
  }
}

/** Wakes every waiting thread with BarrierAbortedError; called by a failing thread, or the pool if one dies. */
export function abortBarrier(control: Int32Array): void {
  Atomics.store(control, CONTROL.aborted, 1)
  Atomics.add(control, CONTROL.generation, 1)
  Atomics.notify(control, CONTROL.generation)
}

/** Clears arrivals and the abort flag; only while no thread is inside a step (the pool, between steps). */
export function resetBarrier(control: Int32Array): void {
  Atomics.store(control, CONTROL.arrived, 0)
  Atomics.store(control, CONTROL.aborted, 0)
}
