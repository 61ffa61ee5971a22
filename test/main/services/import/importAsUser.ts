// Run by importUnreadable.test.ts in a child process (node scripts/run-ts.mjs ...): loads the importer, then, when
// given a user id, drops to that user before importing, so files made unreadable with chmod are unreadable even
// when the tests run as root (root reads anything). Prints the outcome (or the error) as one line of JSON.
// Usage: importAsUser.ts <source> <projectDir> [uid]

import { importDataset } from '../../../../main/services/import/importDataset'

const [source, projectDir, uid] = process.argv.slice(2)
if (uid !== undefined) {
  // Every module is loaded by now; from here on, each file access is checked as the unprivileged user.
  process.setgroups?.([])
  process.setgid?.(Number(uid))
  process.setuid?.(Number(uid))
}
try {
  const outcome = await importDataset(
    { source, settings: { preprocessing: { size: 8 } }, datasetId: 'locked' },
    { projectDir, write: true },
  )
  const { classNames, count } = outcome.dataset
  const report = { uid: process.getuid?.(), classNames, count, problems: outcome.manifest.problems }
  process.stdout.write(`${JSON.stringify(report)}\n`)
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: (error as Error).message })}\n`)
  process.exitCode = 1
}
