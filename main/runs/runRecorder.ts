// Writes a run's record to disk as it happens: config.json at the start, metrics.jsonl (one JSON object per
// epoch, appended) and summary.json at the end. JSON files are written atomically (temp + fsync + rename), so a
// crash leaves either the old file or the new one, never half of one. Checkpoints come with the engine issue.

import { appendFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../services/writeFileAtomic'

export class RunRecorder {
  constructor(readonly runDir: string) {}

  async writeConfig(config: unknown): Promise<void> {
    await mkdir(this.runDir, { recursive: true })
    await writeFileAtomic(join(this.runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`)
  }

  async appendMetrics(record: unknown): Promise<void> {
    await mkdir(this.runDir, { recursive: true })
    await appendFile(join(this.runDir, 'metrics.jsonl'), `${JSON.stringify(record)}\n`)
  }

  async writeSummary(summary: unknown): Promise<void> {
    await mkdir(this.runDir, { recursive: true })
    await writeFileAtomic(join(this.runDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  }
}
