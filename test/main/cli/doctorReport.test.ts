import { describe, expect, test } from 'vitest'
import type { DoctorFinding } from '../../../app/data/doctor'
import {
  doctorJson,
  doctorVerdict,
  MAX_SHOWN_FINDING_PATHS,
  MAX_SHOWN_PROBLEMS,
  renderDoctorReport,
} from '../../../main/cli/doctorReport'
import type { DoctorReportInput } from '../../../main/cli/doctorReport'

const paths = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}/${i}.png`)

function reportInput(overrides: Partial<DoctorReportInput> = {}): DoctorReportInput {
  return {
    source: '/data/pets',
    kind: 'imageFolder',
    name: 'pets',
    classNames: ['cat', 'dog', 'hamster'],
    imageShape: { height: 16, width: 16, channels: 1 },
    classCounts: { train: [40, 8, 0], validation: [5, 1, 0], test: [5, 1, 0] },
    preprocessing: { size: 16, colorMode: 'grayscale', resizeMode: 'centerCrop' },
    split: { validation: 0.1, test: 0.1, seed: 3 },
    splitOrigin: 'seeded',
    normalization: { mean: [0.5], std: [0.25] },
    sourceSizes: {
      count: 60,
      width: { min: 12, median: 64, max: 640 },
      height: { min: 10, median: 48, max: 480 },
      common: [{ width: 64, height: 48, count: 50 }, { width: 640, height: 480, count: 10 }],
    },
    problems: [],
    findings: [],
    stats: { decoded: 58, reused: 2, skipped: 0, seconds: 1.25 },
    ...overrides,
  }
}

const finding = (severity: DoctorFinding['severity'], kind: DoctorFinding['kind'], message: string, list: string[]): DoctorFinding =>
  ({ severity, kind, message, paths: list })

const linesOf = (text: string): string[] => text.split('\n')

describe('renderDoctorReport', () => {
  test('heads with the source, its kind and the totals, and ends with the verdict', () => {
    const lines = linesOf(renderDoctorReport(reportInput()))
    expect(lines[0]).toBe('Dataset doctor: /data/pets')
    expect(lines[1]).toMatch(/kind\s+image folder/)
    expect(lines[2]).toMatch(/60 images in 3 classes \(train 48, validation 6, test 6\)/)
    expect(lines[3]).toMatch(/1\.3 s \(58 decoded, 2 reused, 0 skipped\)/)
    expect(lines.at(-1)).toBe('Verdict: ready to train: no problems found.')
  })

  test('the class table has each class\'s split counts and total, with a bar scaled to the largest class', () => {
    const input = reportInput()
    const lines = linesOf(renderDoctorReport(input))
    input.classNames.forEach((name, k) => {
      const row = lines.find((line) => line.trimStart().startsWith(`${name} `))
      expect(row, name).toBeDefined()
      const counts = [input.classCounts.train[k]!, input.classCounts.validation[k]!, input.classCounts.test[k]!]
      const total = counts[0]! + counts[1]! + counts[2]!
      const numbers = row!.replace(/█/g, '').trim().split(/\s+/).slice(1).map(Number)
      expect(numbers).toEqual([...counts, total])
      const bar = row!.match(/█+/)?.[0].length ?? 0
      expect(bar).toBe(total === 0 ? 0 : Math.max(1, Math.round((total / 50) * 20)))
    })
    const all = lines.find((line) => line.trimStart().startsWith('all '))!
    expect(all.trim().split(/\s+/).slice(1).map(Number)).toEqual([48, 6, 6, 60])
  })

  test('columns stay aligned when the totals are wider than every class count', () => {
    const input = reportInput({ classCounts: { train: [5300, 5300, 5300], validation: [700, 700, 700], test: [1000, 1000, 1000] } })
    const table = linesOf(renderDoctorReport(input)).filter((line) => /^ {2}(class|cat|dog|hamster|all) /.test(line))
    const ends = (line: string): number[] => [...line.matchAll(/\S+/g)].slice(1, 5).map((match) => match.index + match[0].length)
    expect(table).toHaveLength(5)
    for (const line of table) {
      expect(ends(line)).toEqual(ends(table[0]!))
    }
    expect(table.at(-1)).toContain('15,900')
  })

  test('shows source sizes, the preprocessing, the split and the normalisation', () => {
    const text = renderDoctorReport(reportInput())
    expect(text).toMatch(/width\s+min 12 {2}median 64 {2}max 640/)
    expect(text).toMatch(/height\s+min 10 {2}median 48 {2}max 480/)
    expect(text).toContain('most common: 64×48 (50), 640×480 (10)')
    expect(text).toMatch(/input\s+16×16×1 \(grayscale\), resize: crop \(centre crop\)/)
    expect(text).toMatch(/split\s+validation 10%, test 10%, seed 3 \(stable across re-imports\)/)
    expect(text).toMatch(/normalise\s+mean 0\.500, std 0\.250/)
    const folders = renderDoctorReport(reportInput({ splitOrigin: 'folders', sourceSizes: null, normalization: null }))
    expect(folders).toMatch(/split\s+from the train\/ val\/ test\/ folders; a part they lack is carved with seed 3/)
    expect(renderDoctorReport(reportInput({ splitOrigin: 'sourceFiles' }))).toMatch(
      /split\s+test set from the source files; validation 10% carved with seed 3/,
    )
    expect(folders).toContain('no source sizes')
    expect(folders).not.toContain('normalise')
  })

  test(`lists the first ${MAX_SHOWN_PROBLEMS} skipped files with reasons, then how many more`, () => {
    const problems = paths('broken', MAX_SHOWN_PROBLEMS + 5).map((path) => ({ path, reason: `unreadable: ${path}` }))
    const text = renderDoctorReport(reportInput({ problems }))
    expect(text).toContain(`Skipped files (${problems.length})`)
    for (const problem of problems.slice(0, MAX_SHOWN_PROBLEMS)) {
      expect(text).toContain(`  ${problem.path}: ${problem.reason}`)
    }
    expect(text).not.toContain(problems[MAX_SHOWN_PROBLEMS]!.path)
    expect(text).toContain('  and 5 more')
  })

  test(`shows every finding by severity with at most ${MAX_SHOWN_FINDING_PATHS} paths each, then how many more`, () => {
    const many = paths('dup', MAX_SHOWN_FINDING_PATHS + 3)
    const findings = [
      finding('info', 'near-duplicates', '2 images look almost the same.', ['a/1.png', 'b/1.png']),
      finding('warning', 'exact-duplicates', `${many.length} files are byte-for-byte identical.`, many),
      finding('error', 'split-leakage', 'The same image sits in the train and test splits.', ['cat/x.png', 'dog/x.png']),
    ]
    const text = renderDoctorReport(reportInput({ findings }))
    const lines = linesOf(text)
    const headings = lines.filter((line) => /^ {2}(ERROR|WARNING|NOTE) /.test(line))
    expect(headings).toEqual([
      '  ERROR split-leakage: The same image sits in the train and test splits.',
      `  WARNING exact-duplicates: ${many.length} files are byte-for-byte identical.`,
      '  NOTE near-duplicates: 2 images look almost the same.',
    ])
    for (const path of many.slice(0, MAX_SHOWN_FINDING_PATHS)) {
      expect(lines).toContain(`      ${path}`)
    }
    expect(text).not.toContain(many[MAX_SHOWN_FINDING_PATHS]!)
    expect(lines).toContain('      and 3 more')
    expect(lines).toContain('      cat/x.png')
    expect(lines.at(-1)).toBe('Verdict: not ready: 1 error, 1 warning, 1 note; fix the errors before training or the scores will mislead you.')
  })
})

describe('findings text', () => {
  test('long messages wrap at 100 columns, indented less than the paths, and the section counts findings by kind', () => {
    const message = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ')
    const findings = [
      finding('warning', 'small-images', message, ['a.png']),
      finding('error', 'split-leakage', 'x', ['b.png', 'c.png']),
      finding('error', 'split-leakage', 'y', ['d.png', 'e.png']),
    ]
    const lines = linesOf(renderDoctorReport(reportInput({ findings })))
    expect(lines).toContain('Findings (3: 1 small-images, 2 split-leakage)')
    const start = lines.findIndex((line) => line.startsWith('  WARNING small-images: word0 '))
    const block = lines.slice(start, lines.indexOf('      a.png', start))
    expect(block.length).toBeGreaterThan(1)
    expect(block.every((line) => line.length <= 100)).toBe(true)
    expect(block.slice(1).every((line) => /^ {4}word/.test(line))).toBe(true)
    expect(block.join(' ').replace(/^ {2}WARNING small-images: /, '').split(/\s+/).filter(Boolean)).toEqual(message.split(' '))
  })
})

describe('doctorVerdict', () => {
  test('counts each severity and the skipped files, and words the verdict by the worst', () => {
    const warning = finding('warning', 'class-imbalance', 'imbalanced', [])
    const note = finding('info', 'near-duplicates', 'similar', ['a', 'b'])
    const skipped = [{ path: 'x.png', reason: 'truncated' }]
    expect(doctorVerdict({ findings: [], problems: skipped })).toMatchObject({ errors: 0, warnings: 0, skipped: 1 })
    expect(doctorVerdict({ findings: [], problems: skipped }).text).toMatch(/^usable, with 1 skipped file;/)
    expect(doctorVerdict({ findings: [warning, warning], problems: [] }).text).toMatch(/^usable, with 2 warnings;/)
    expect(doctorVerdict({ findings: [note], problems: [] }).text).toBe('ready to train (1 note to look at).')
  })
})

describe('doctorJson', () => {
  test('holds every path of every finding and every skipped file, and survives JSON', () => {
    const many = paths('dup', 150)
    const problems = paths('broken', 40).map((path) => ({ path, reason: 'not an image' }))
    const input = reportInput({ findings: [finding('warning', 'exact-duplicates', 'copies', many)], problems })
    const parsed = JSON.parse(JSON.stringify(doctorJson(input))) as {
      type: string
      findings: DoctorFinding[]
      problems: unknown[]
      classCounts: DoctorReportInput['classCounts']
      verdict: { warnings: number; skipped: number; text: string }
    }
    expect(parsed.type).toBe('doctor')
    expect(parsed.findings[0]!.paths).toEqual(many)
    expect(parsed.problems).toEqual(problems)
    expect(parsed.classCounts).toEqual(input.classCounts)
    expect(parsed.verdict).toMatchObject({ warnings: 1, skipped: 40, text: doctorVerdict(input).text })
  })
})
