import { execFileSync } from 'node:child_process'
import { expect, test } from 'vitest'
import { codePointCompare } from '../../../../main/services/import/classOrder'

// Class indices must match torchvision's ImageFolder and Keras, which both take Python's sorted() of the folder
// names: Python itself is the reference here.
test('orders class names exactly as Python sorted() does', () => {
  const names = [
    'class10', 'class2', 'Class1', 'cats', 'Cats', 'écureuil roux', 'ecureuil', 'zebra', 'Zebra', '10', '9',
    'a b', 'a-b', 'a_b', 'ß', 'straße', '🐱 cat', '\uFFFD replacement', '日本', 'ａ', 'dog', 'dog 2', 'dog10',
  ]
  const script = 'import json,sys; print(json.dumps(sorted(json.load(sys.stdin)), ensure_ascii=False))'
  const expected = JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(names) }).toString())
  expect([...names].sort(codePointCompare)).toEqual(expected)
})
