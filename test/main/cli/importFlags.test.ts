import { describe, expect, test } from 'vitest'
import { MAX_IMAGE_SIZE, MIN_IMAGE_SIZE, validateImportSettings } from '../../../app/data/importSettings'
import { CliError } from '../../../main/cli/cliError'
import { parseFlags } from '../../../main/cli/flags'
import { givenImportFlags, IMPORT_FLAGS, IMPORT_FLAGS_USAGE, importFlagArgs, readImportSettings } from '../../../main/cli/importFlags'

const read = (args: string[]): ReturnType<typeof readImportSettings> =>
  readImportSettings(parseFlags(args, IMPORT_FLAGS, 'doctor'))

/** The "expected …" part of the app's own message for a bad settings object. */
function appExpectation(settings: unknown): string {
  try {
    validateImportSettings(settings, 'settings')
  } catch (error) {
    const message = (error as Error).message
    return message.slice(message.indexOf('expected '))
  }
  throw new Error(`expected validateImportSettings to refuse ${JSON.stringify(settings)}`)
}

function errorOf(args: string[]): CliError {
  try {
    read(args)
  } catch (error) {
    expect(error).toBeInstanceOf(CliError)
    return error as CliError
  }
  throw new Error(`expected ${args.join(' ')} to be refused`)
}

describe('import flags', () => {
  test('no flags give empty settings, so the importer chooses from the data', () => {
    expect(read([])).toEqual({})
  })

  test('every flag lands in its setting; crop means the app\'s centerCrop', () => {
    const settings = read([
      '--size', '16', '--color', 'grayscale', '--resize', 'crop',
      '--validation', '0.2', '--test', '0.05', '--split-seed', '7',
    ])
    expect(settings).toEqual({
      preprocessing: { size: 16, colorMode: 'grayscale', resizeMode: 'centerCrop' },
      split: { validation: 0.2, test: 0.05, seed: 7 },
    })
    // What the CLI produces is something the app itself accepts unchanged.
    expect(validateImportSettings(settings, 'settings')).toEqual(settings)
    expect(read(['--resize', 'letterbox']).preprocessing?.resizeMode).toBe('letterbox')
    expect(read(['--resize', 'squash']).preprocessing?.resizeMode).toBe('squash')
  })

  test('the size range is the app\'s, and the message names the flag, the typed value and the app\'s expectation', () => {
    expect(read(['--size', String(MIN_IMAGE_SIZE)]).preprocessing?.size).toBe(MIN_IMAGE_SIZE)
    expect(read(['--size', String(MAX_IMAGE_SIZE)]).preprocessing?.size).toBe(MAX_IMAGE_SIZE)
    for (const bad of [String(MIN_IMAGE_SIZE - 1), String(MAX_IMAGE_SIZE + 1), '2.5', 'big', '0x10', '']) {
      const error = errorOf([`--size=${bad}`])
      expect(error.message).toBe(`--size: got '${bad}', expected ${appExpectation({ preprocessing: { size: 3 } }).slice(9)}`)
      expect(error.exitCode).toBe(2)
    }
  })

  test('colour and resize words are checked, naming the allowed ones', () => {
    expect(errorOf(['--color', 'sepia']).message).toBe(
      `--color: got 'sepia', expected ${appExpectation({ preprocessing: { colorMode: 'sepia' } }).slice(9)}`,
    )
    expect(errorOf(['--resize', 'centerCrop']).message).toBe(
      "--resize: got 'centerCrop', expected one of squash, crop, letterbox",
    )
  })

  test('split fractions are fractions of 0..0.9; a percentage is refused with a hint', () => {
    const expectation = appExpectation({ split: { validation: 2 } }).slice(9)
    for (const [flag, bad] of [['--validation', '10%'], ['--test', '0.95'], ['--validation', '-0.1'], ['--test', 'NaN']]) {
      expect(errorOf([`${flag}=${bad}`]).message).toBe(`${flag}: got '${bad}', expected ${expectation} (a fraction: 0.1 means 10%)`)
    }
    expect(read(['--validation', '0', '--test', '0']).split).toEqual({ validation: 0, test: 0 })
  })

  test('validation + test above 0.9 is refused naming both flags, also against the other\'s default', () => {
    expect(errorOf(['--validation', '0.5', '--test', '0.45']).message).toMatch(
      /^--validation\/--test: got 0\.5 \+ 0\.45 = 0\.95, expected at most 0\.9/,
    )
    // The default test fraction (0.1) counts too, as it does in the app.
    expect(() => validateImportSettings({ split: { validation: 0.85 } }, 'settings')).toThrow()
    expect(errorOf(['--validation', '0.85']).message).toMatch(/^--validation\/--test: got 0\.85 \+ 0\.1/)
  })

  test('the split seed is a whole number in the app\'s range', () => {
    expect(read(['--split-seed', '0']).split?.seed).toBe(0)
    expect(read(['--split-seed', String(2 ** 32 - 1)]).split?.seed).toBe(2 ** 32 - 1)
    for (const bad of ['-1', String(2 ** 32), '1.5', 'abc']) {
      expect(errorOf([`--split-seed=${bad}`]).message).toMatch(new RegExp(`^--split-seed: got '${bad}', expected an integer`))
    }
  })

  test('givenImportFlags lists the import flags present, as typed', () => {
    expect(givenImportFlags({ size: '8', epochs: '3', 'split-seed': '2' })).toEqual(['--size', '--split-seed'])
    expect(givenImportFlags({ epochs: '3' })).toEqual([])
  })

  test('importFlagArgs gives the flags back as arguments that parse to the same settings', () => {
    const args = ['--resize', 'crop', '--size', '16', '--split-seed', '4', '--test', '0.2']
    const flags = { ...parseFlags(args, IMPORT_FLAGS, 'doctor'), epochs: '3' }
    const again = importFlagArgs(flags)
    expect(again).not.toContain('--epochs')
    expect(read(again)).toEqual(read(args))
  })

  test('the help names every flag', () => {
    for (const name of Object.keys(IMPORT_FLAGS)) {
      expect(IMPORT_FLAGS_USAGE).toContain(`--${name} `)
    }
  })
})
