import { describe, expect, test } from 'vitest'
import { execFileSync } from 'node:child_process'
import {
  formatCount,
  ImportProgressView,
  renderDoctorPointer,
  renderImportedLine,
  renderImportProgress,
  shellQuote,
} from '../../../main/cli/importProgress'
import type { ImportProgressUpdate } from '../../../main/cli/importProgress'

/** A stand-in for process.stderr that records what was written. */
function fakeStream(isTTY: boolean, columns = 200): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = []
  return {
    isTTY,
    columns,
    write: (chunk: string) => chunks.push(chunk) > 0,
    text: () => chunks.join(''),
  } as unknown as NodeJS.WriteStream & { text: () => string }
}

const progress = (overrides: Partial<ImportProgressUpdate>): ImportProgressUpdate => ({
  phase: 'decoding', done: 250, total: 1000, imagesPerSecond: 812.4, etaSeconds: 65, ...overrides,
})

describe('import progress', () => {
  test('a line has the phase, a bar filled by done/total, the counts, images per second and the ETA', () => {
    const line = renderImportProgress(progress({}))
    expect(line).toMatch(/^decoding /)
    expect(line.match(/█/g)?.length).toBe(6) // a quarter of 24
    expect(line.match(/░/g)?.length).toBe(18)
    expect(line).toContain('250/1,000')
    expect(line).toContain('812 img/s')
    expect(line).toContain('ETA 1:05')
  })

  test('no ETA before there is a rate, and a phase without a total just counts', () => {
    expect(renderImportProgress(progress({ etaSeconds: null, imagesPerSecond: 0 }))).not.toMatch(/ETA|img\/s/)
    expect(renderImportProgress(progress({ phase: 'scanning', done: 1234, total: 0 }))).toBe('scanning 1,234 files')
    expect(renderImportProgress(progress({ phase: 'scanning', done: 0, total: 0 }))).toBe('scanning…')
  })

  test('the result line names images, decoded, reused, skipped and seconds', () => {
    expect(renderImportedLine(70_000, { decoded: 69_990, reused: 10, skipped: 3, seconds: 12.345 })).toBe(
      'imported 70,000 images (69,990 decoded, 10 reused, 3 skipped) in 12.3 s',
    )
    expect(formatCount(1_234_567)).toBe('1,234,567')
  })

  test('on a terminal one line is redrawn and cleared at the end', () => {
    const stream = fakeStream(true)
    const view = new ImportProgressView(stream)
    view.update(progress({ done: 1 }))
    view.update(progress({ done: 2 }))
    view.clear()
    expect(stream.text().split('\r').filter(Boolean)).toHaveLength(3)
    expect(stream.text()).not.toContain('\n')
    expect(stream.text().endsWith('\r\u001b[K')).toBe(true)
  })

  test('a terminal that reports 0 columns still gets the whole line; a narrow one gets it cut to fit', () => {
    const line = renderImportProgress(progress({}))
    const zero = fakeStream(true, 0)
    new ImportProgressView(zero).update(progress({}))
    expect(zero.text()).toContain(line)
    const narrow = fakeStream(true, 30)
    new ImportProgressView(narrow).update(progress({}))
    expect(narrow.text()).toBe(`\r${line.slice(0, 29)}\u001b[K`)
  })

  test('in a log, a line when a phase starts (with something to count), every 5 seconds at most, and when it completes', () => {
    const stream = fakeStream(false)
    let now = 0
    const view = new ImportProgressView(stream, () => now)
    view.update(progress({ phase: 'scanning', total: 0, done: 0 }))
    view.update(progress({ phase: 'scanning', total: 0, done: 10 }))
    view.update(progress({ phase: 'decoding', done: 1 }))
    now = 1000
    view.update(progress({ done: 2 }))
    now = 5000
    view.update(progress({ done: 3 }))
    now = 5100
    view.update(progress({ done: 1000 }))
    view.update(progress({ done: 1000 }))
    now = 6000
    view.update(progress({ phase: 'writing', done: 0 }))
    view.clear()
    const lines = stream.text().trim().split('\n')
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['scanning', 'decoding', 'decoding', 'decoding', 'writing'])
    expect(lines[2]).toContain('3/1,000')
    expect(lines[3]).toContain('1,000/1,000')
    expect(stream.text()).not.toContain('\r')
  })

  test('the doctor pointer counts findings, errors and skipped files and repeats the import flags', () => {
    const findings = [{ severity: 'error' }, { severity: 'warning' }, { severity: 'error' }]
    expect(renderDoctorPointer('/data/pets', [], 0, [])).toBeNull()
    expect(renderDoctorPointer('/data/pets', findings, 2, ['--size', '16'])).toBe(
      '3 doctor findings (2 errors) and 2 skipped files; for the details run: cnn-studio doctor /data/pets --size 16',
    )
    expect(renderDoctorPointer('/data/pets', [], 1, [])).toBe(
      '1 skipped file; for the details run: cnn-studio doctor /data/pets',
    )
    expect(renderDoctorPointer('/data/pets', [{ severity: 'info' }], 0, [])).toMatch(/^1 doctor finding;/)
  })

  test('shell quoting survives a real shell, spaces, quotes and dollars included', () => {
    for (const word of ['/data/pets', "/data/Bob's cats & dogs", '/tmp/$HOME `x`', 'naïve/ünïcode']) {
      const echoed = execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(word)}`]).toString()
      expect(echoed).toBe(word)
    }
    expect(shellQuote('/data/pets')).toBe('/data/pets')
  })
})
