// The last import's outcome when it is not a dataset: an error that says what to do, or a calm notice such as
// "Import cancelled". Dismissable; the next import clears it.

import type { LoaderMessage } from './useDatasetLoader'

type Props = Readonly<{ message: LoaderMessage; onDismiss(): void }>

export function LoaderMessageView({ message, onDismiss }: Props) {
  const isError = message.kind === 'error'
  return (
    <div className={isError ? 'note note-danger loader-message' : 'note loader-message'}
      role={isError ? 'alert' : 'status'} data-testid={isError ? 'import-error' : 'import-notice'}>
      <span className="loader-message-text">
        <strong>{message.title}</strong>
        {isError ? ': ' : '; '}
        {message.text}
      </span>
      <button type="button" className="button-quiet" aria-label="Dismiss" onClick={onDismiss}>
        ✕
      </button>
    </div>
  )
}
