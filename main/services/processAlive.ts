// Whether a process id belongs to a running process: how files left by a process that died (temporary dataset
// files, unfinished uploads) are told from those of one still at work, possibly another window on the same
// project. A reused pid errs on the safe side: the leftover is kept.

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) {
    return false
  }
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // alive, owned by someone else
  }
}
