// Validation of frames that arrive on the serve-mode WebSocket, before anything acts on them.

import type { ClientFrame } from '../../app/protocol/studioApi'
import { STUDIO_METHODS } from '../../app/protocol/studioApi'
import { decodeFrame } from '../../app/protocol/wireCodec'
import { expectInteger, expectOneOf, expectRecord, fail } from '../../app/protocol/validate'
import { validateTrainerCommand } from '../../app/protocol/validateTrainer'

export function parseClientFrame(text: string): ClientFrame {
  let value: unknown
  try {
    value = decodeFrame(text)
  } catch {
    fail('WebSocket frame', text, 'JSON text')
  }
  const record = expectRecord(value, 'WebSocket frame')
  const kind = expectOneOf(record.kind, 'WebSocket frame.kind', ['request', 'trainer'] as const)
  if (kind === 'trainer') {
    return { kind, command: validateTrainerCommand(record.command, 'WebSocket frame.command') }
  }
  return {
    kind,
    id: expectInteger(record.id, 'WebSocket frame.id', 0, Number.MAX_SAFE_INTEGER),
    method: expectOneOf(record.method, 'WebSocket frame.method', STUDIO_METHODS),
    params: record.params,
  }
}
