// Runs many asynchronous tasks with a bounded number in flight: enough to keep sharp's thread pool and the disk
// busy, few enough that memory stays bounded. Once one task throws (a cancel, say) no new task starts, and the
// call settles only after the tasks already running have, so nothing keeps working after it returns.

/** Runs task(0..count-1) with at most `limit` running at once; rejects with the first error. */
export async function forEachLimited(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  let failure: { error: unknown } | null = null
  const lane = async () => {
    while (next < count && failure === null) {
      try {
        await task(next++)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane))
  if (failure !== null) {
    throw (failure as { error: unknown }).error
  }
}
