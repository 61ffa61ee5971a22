// Connects the Train screen to the trainer. Events are fed to the charts at once (they redraw at most once
// per frame) and queued for the view reducer, which is flushed into React state at most once per frame,
// so hundreds of step events a second cost one render. Trainer errors and a trainer that exited go to the
// error banner. Commands pass through the same queue so the view sees them in order with the events.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { deserializeError } from '../../../app/protocol/errors'
import type { StudioEvent } from '../../../app/protocol/studioApi'
import type { DataSourceRef, Hyperparameters, TrainerCommand } from '../../../app/protocol/trainerProtocol'
import type { NetworkSpec } from '../../../app/model/networkSpec'
import type { StudioClient } from '../../api/studioClient'
import { createFrameThrottle } from '../../shared/frameThrottle'
import { createTrainingCharts } from './liveCharts'
import type { TrainingCharts } from './liveCharts'
import { makeRunId } from './runId'
import { INITIAL_TRAINING_VIEW, trainingReducer } from './trainingView'
import type { TrainingAction, TrainingView } from './trainingView'

/**
 * How long a command may go unanswered before the buttons stop waiting and the banner says so. A stop is answered
 * only after the trainer has measured the validation and test images, which takes minutes on a slow network.
 */
function answerTimeoutMs(command: TrainerCommand['type']): number {
  return command === 'stop' ? 600_000 : 15_000
}

export type TrainingSession = Readonly<{
  view: TrainingView
  charts: TrainingCharts
  start(spec: NetworkSpec, data: DataSourceRef, hyperparameters: Hyperparameters): void
  send(type: 'pause' | 'resume' | 'stop'): void
}>

function exitMessage(event: Extract<StudioEvent, { type: 'trainerExited' }>): string {
  const how = event.signal !== null ? `signal ${event.signal}` : `exit code ${event.code ?? 'unknown'}`
  return `The trainer process stopped unexpectedly (${how}): ${event.message}`
}

export function useTrainingSession(
  client: StudioClient,
  reportError: (error: unknown, context?: string) => void,
): TrainingSession {
  const charts = useMemo(createTrainingCharts, [])
  const [view, setView] = useState(INITIAL_TRAINING_VIEW)
  const queue = useRef<TrainingAction[]>([])
  const throttle = useMemo(
    () =>
      createFrameThrottle(() => {
        const actions = queue.current.splice(0)
        setView((current) => actions.reduce(trainingReducer, current))
      }),
    [],
  )

  const enqueue = useCallback(
    (action: TrainingAction) => {
      queue.current.push(action)
      throttle.schedule()
    },
    [throttle],
  )

  useEffect(() => {
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'importProgress') {
        return // the Data screen's business
      }
      if (event.type === 'trainer') {
        charts.accept(event.event)
        if (event.event.type === 'error') {
          const context = event.event.command === null ? 'Trainer' : `Trainer (${event.event.command})`
          reportError(deserializeError(event.event.error, context))
        }
      } else {
        reportError(exitMessage(event))
      }
      enqueue({ kind: 'event', event, now: performance.now() })
    })
    try {
      client.sendTrainer({ type: 'status' })
    } catch (error) {
      reportError(error, 'Asking the trainer for its state')
    }
    return () => {
      unsubscribe()
      throttle.cancel()
    }
  }, [client, charts, enqueue, reportError, throttle])

  useEffect(() => {
    if (view.pending === null) {
      return
    }
    const command = view.pending
    const timeout = answerTimeoutMs(command)
    const timer = window.setTimeout(() => {
      enqueue({ kind: 'commandFailed' })
      const message = `no answer to '${command}' after ${timeout / 1000} s; the buttons are usable again`
      reportError(message, 'Trainer')
    }, timeout)
    return () => window.clearTimeout(timer)
  }, [view.pending, enqueue, reportError])

  const sendCommand = useCallback(
    (command: TrainerCommand) => {
      enqueue({ kind: 'commandSent', command, now: performance.now() })
      throttle.flush()
      try {
        client.sendTrainer(command)
      } catch (error) {
        enqueue({ kind: 'commandFailed' })
        throttle.flush()
        reportError(error)
      }
    },
    [client, enqueue, reportError, throttle],
  )

  const start = useCallback(
    (spec: NetworkSpec, data: DataSourceRef, hyperparameters: Hyperparameters) => {
      const runId = makeRunId(new Date())
      charts.startRun(runId, hyperparameters.epochs)
      sendCommand({ type: 'start', runId, spec, data, hyperparameters })
    },
    [charts, sendCommand],
  )
  const send = useCallback((type: 'pause' | 'resume' | 'stop') => sendCommand({ type }), [sendCommand])

  return { view, charts, start, send }
}
