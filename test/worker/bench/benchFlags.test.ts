// The bench process's flags: defaults, accepted forms, and the CLI's messages for bad values.

import { describe, expect, test } from 'vitest'
import { DEFAULT_SECONDS, parseBenchFlags } from '../../../worker/bench/benchFlags'

const names = (args: string[]) => parseBenchFlags(args, 4).nets.map((net) => net.name)

describe('parseBenchFlags', () => {
  test('defaults: table, the cores given, the default seconds, every net', () => {
    const settings = parseBenchFlags([], 4)
    expect({ ...settings, nets: settings.nets.map((net) => net.name) }).toEqual({
      isJson: false,
      threads: 4,
      seconds: DEFAULT_SECONDS,
      nets: ['N1', 'N2', 'N3'],
    })
  })

  test('reads every flag; nets in any case and order come back in bench order', () => {
    const settings = parseBenchFlags(['--json', '--threads', '1', '--seconds', '0.5', '--nets', 'n3, N1'], 8)
    expect([settings.isJson, settings.threads, settings.seconds]).toEqual([true, 1, 0.5])
    expect(names(['--nets', 'n3, N1'])).toEqual(['N1', 'N3'])
  })

  test.each([
    { args: ['--threads', '0'], message: "--threads: got '0', expected a whole number from 1 to 256" },
    { args: ['--threads', '2.5'], message: "--threads: got '2.5', expected a whole number from 1 to 256" },
    { args: ['--threads', '257'], message: "--threads: got '257', expected a whole number from 1 to 256" },
    {
      args: ['--seconds', 'NaN'],
      message: "--seconds: got 'NaN', expected a number greater than 0 and at most 3600",
    },
    { args: ['--seconds', '0'], message: "--seconds: got '0', expected a number greater than 0" },
    { args: ['--seconds', ''], message: "--seconds: got '', expected a number greater than 0" },
    {
      args: ['--nets', 'N1,N4'],
      message: "--nets: got 'N1,N4', expected a comma-separated list of N1, N2, N3",
    },
    { args: ['--nets', ''], message: "--nets: got '', expected a comma-separated list" },
    { args: ['--fast'], message: "cnn-studio bench: Unknown option '--fast'" },
    { args: ['extra'], message: "Run 'cnn-studio help' for usage." },
  ])('refuses $args', ({ args, message }) => {
    expect(() => parseBenchFlags(args, 2)).toThrow(message)
  })
})
