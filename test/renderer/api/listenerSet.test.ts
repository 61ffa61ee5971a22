import { expect, test } from 'vitest'
import { createProblemChannel } from '../../../renderer/api/listenerSet'

test('problems raised before anyone listens reach the first listener', () => {
  const channel = createProblemChannel(2)
  const original = console.error
  console.error = () => undefined // the channel logs early problems; keep the test output clean
  try {
    channel.emit(new Error('one'))
    channel.emit(new Error('two'))
    channel.emit(new Error('three'))
  } finally {
    console.error = original
  }
  const seen: string[] = []
  const remove = channel.add((problem) => seen.push(problem.message))
  channel.emit(new Error('four'))
  remove()
  expect(seen).toEqual(['two', 'three', 'four'])
})
