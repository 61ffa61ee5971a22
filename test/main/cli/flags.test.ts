import { describe, expect, test } from 'vitest'
import { CliError } from '../../../main/cli/cliError'
import { integerFlag, numberFlag, parseFlags } from '../../../main/cli/flags'

describe('CLI flags', () => {
  test('integers are checked for form and range, with the flag and value in the message', () => {
    expect(integerFlag('12', 'epochs', 3, 1, 100)).toBe(12)
    expect(integerFlag(undefined, 'epochs', 3, 1, 100)).toBe(3)
    expect(() => integerFlag('0', 'epochs', 3, 1, 100)).toThrow("--epochs: got '0', expected a whole number from 1 to 100")
    expect(() => integerFlag('2.5', 'batch', 3, 1, 100)).toThrow(/--batch: got '2.5'/)
    expect(() => integerFlag('ten', 'batch', 3, 1, 100)).toThrow(CliError)
  })

  test('numbers reject NaN, infinity and values outside the range', () => {
    const range = { min: 0, max: 10, isMinExclusive: true }
    expect(numberFlag('0.05', 'lr', 0.01, range)).toBe(0.05)
    expect(numberFlag('1e-3', 'lr', 0.01, range)).toBe(0.001)
    for (const bad of ['NaN', 'Infinity', '0', '-1', '11', '']) {
      expect(() => numberFlag(bad, 'lr', 0.01, range)).toThrow(`--lr: got '${bad}', expected a number greater than 0`)
    }
    expect(numberFlag('0', 'momentum', 0.9, { min: 0, max: 0.999 })).toBe(0)
  })

  test('unknown flags are refused with a pointer to help', () => {
    expect(() => parseFlags(['--epochz', '3'], { epochs: { type: 'string' } }, 'train')).toThrow(
      /cnn-studio train: .*--epochz.*Run 'cnn-studio help'/,
    )
  })
})
